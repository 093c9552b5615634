/**
 * A stand-in detector worker for the runtime pool's tests: no models, behaviour chosen by the
 * image it gets, so queueing, crashes and failures can be provoked on purpose.
 *   height 0: the thread dies (process.exit inside a worker ends only the worker);
 *   height 1: the detection fails with an error;
 *   otherwise: waits `width` ms and answers one face whose embedding is [start, end, threadId].
 * A `wasmDir` that exists makes it throw before it is ready, as a broken install would (a file
 * created later breaks the replacements only).
 */
import { existsSync } from 'node:fs';
import { parentPort, threadId, workerData } from 'node:worker_threads';

if (workerData?.wasmDir !== undefined && existsSync(workerData.wasmDir)) throw new Error('models missing');

parentPort.on('message', ({ image }) => {
  if (image.height === 0) process.exit(3);
  if (image.height === 1) {
    parentPort.postMessage({ type: 'failed', error: { name: 'Error', message: 'Embedded face engine: broken' } });
    return;
  }
  const start = Date.now();
  setTimeout(() => {
    const face = { box: { left: 0, top: 0, width: 1, height: 1 }, confidence: 1, pose: { yaw: 0, pitch: 0, roll: 0 } };
    const embedding = [start, Date.now(), threadId];
    parentPort.postMessage({ type: 'faces', faces: [{ ...face, embedding, estimated: {}, eyeOpenness: undefined }], tensors: 7 });
  }, image.width);
});
parentPort.postMessage({ type: 'ready', model: 'fake/0' });
