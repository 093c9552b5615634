/**
 * One inference thread of the runtime pool (runtime-pool.ts): its own human instance, one
 * detection at a time. It reports its live tensor count with every answer
 * so the pool can still tell whether something leaks.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createHumanRuntime, type EmbeddedRuntimeOptions } from './human-runtime';
import type { DetectorReply, DetectorRequest } from './detector-protocol';

const port = parentPort;
if (port === null) throw new Error('detector-worker.ts must run in a worker thread');

const runtime = await createHumanRuntime(workerData as EmbeddedRuntimeOptions);
const reply = (message: DetectorReply): void => port.postMessage(message);

port.on('message', (request: DetectorRequest) => {
  runtime.detect(request.image).then(
    (faces) => reply({ type: 'faces', faces, tensors: runtime.tensorCount() }),
    (error: unknown) =>
      reply({
        type: 'failed',
        error: error instanceof Error ? { name: error.name, message: error.message } : { name: 'Error', message: String(error) },
      }),
  );
});
reply({ type: 'ready', model: runtime.model });
