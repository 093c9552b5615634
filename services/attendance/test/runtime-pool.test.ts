/**
 * Issue 14: the embedded engine's inference pool. Real workers on real photos for "same answers
 * as one runtime in this thread"; a stand-in worker (support/fake-detector-worker.mjs) for the
 * queue, crashes and shutdown, which real models would make slow and hard to provoke.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadEmbeddedRuntime } from '../src/face/embedded/load-runtime';
import { startRuntimePool, type RuntimePool } from '../src/face/embedded/runtime-pool';
import { FaceEngineBusy } from '../src/face/face-errors';
import { decodeImage, type DecodedImage } from '../src/face/image';
import { FRANCK, photo, sideBySide } from './support/face-fixtures';

const FAKE_WORKER = new URL('./support/fake-detector-worker.mjs', import.meta.url);

/** What the stand-in reads from an image: wait `width` ms; height 0 kills the worker, 1 fails the detection. */
const fakeImage = (width: number, height = 2): DecodedImage => ({ format: 'jpeg', width, height, rgb: new Uint8Array(3) });

const pools: RuntimePool[] = [];
async function fakePool(size: number): Promise<RuntimePool> {
  const pool = await startRuntimePool({ size, runtime: {}, workerFile: FAKE_WORKER });
  pools.push(pool);
  return pool;
}

afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
});

/** [start, end, threadId] of the stand-in's answer. */
async function timed(pool: RuntimePool, image: DecodedImage): Promise<{ start: number; end: number; thread: number }> {
  const [face] = await pool.detect(image);
  const [start = 0, end = 0, thread = 0] = face?.embedding ?? [];
  return { start, end, thread };
}

describe('runtime pool: real models', () => {
  it('two workers detecting at once give the same faces and embeddings as one runtime in this thread', async () => {
    const files = [FRANCK.reference, ...FRANCK.others.slice(0, 3), 'audrey.jpg', 'cage.jpg'];
    const images = await Promise.all(files.map(async (file) => decodeImage(photo(file))));
    images.push(await decodeImage(await sideBySide(FRANCK.reference, 'audrey.jpg')));
    const single = await loadEmbeddedRuntime();
    const expected = [];
    for (const image of images) expected.push(await single.detect(image));

    const pool = await startRuntimePool({ size: 2, runtime: {} });
    pools.push(pool);
    const pooled = await Promise.all(images.map((image) => pool.detect(image)));

    expect(pool.model).toBe(single.model);
    expect(pooled).toEqual(expected);
    expect(pooled.at(-1)).toHaveLength(2);
    expect(pool.similarity(pooled[0]?.[0]?.embedding ?? [], pooled[1]?.[0]?.embedding ?? [])).toBe(
      single.similarity(expected[0]?.[0]?.embedding ?? [], expected[1]?.[0]?.embedding ?? []),
    );
    // The workers dispose their input tensors too: nothing left over after seven detections.
    expect(pool.tensorCount()).toBe(single.tensorCount() * 2);
  });
});

describe('runtime pool: scheduling and failures', () => {
  it('runs one detection per worker at a time, in parallel across workers, and queues the rest', async () => {
    const pool = await fakePool(2);
    const runs = await Promise.all(Array.from({ length: 6 }, () => timed(pool, fakeImage(80))));

    const threads = new Set(runs.map((run) => run.thread));
    expect(threads.size).toBe(2);
    for (const thread of threads) {
      const own = runs.filter((run) => run.thread === thread).sort((a, b) => a.start - b.start);
      for (let i = 1; i < own.length; i++) expect(own[i]?.start).toBeGreaterThanOrEqual(own[i - 1]?.end ?? Number.POSITIVE_INFINITY);
    }
    const [first, second] = [...threads].map((thread) => runs.find((run) => run.thread === thread));
    // Both workers started on the first two photos together, not one after the other.
    expect(Math.abs((first?.start ?? 0) - (second?.start ?? 0))).toBeLessThan(80);
    expect(pool.tensorCount()).toBe(14);
  });

  it('a worker that dies fails only its own detection (FACE_ENGINE_BUSY, retryable) and is replaced', async () => {
    const pool = await fakePool(2);
    const waiting = timed(pool, fakeImage(150));
    const crash = pool.detect(fakeImage(0, 0));
    await expect(crash).rejects.toBeInstanceOf(FaceEngineBusy);
    await expect(crash).rejects.toMatchObject({ code: 'FACE_ENGINE_BUSY', status: 503, retryable: true });
    await expect(waiting).resolves.toMatchObject({ thread: expect.any(Number) });

    const answers = await Promise.all(Array.from({ length: 4 }, () => timed(pool, fakeImage(20))));
    expect(answers).toHaveLength(4);
    expect(pool.size).toBe(2);
  });

  it('a detection that fails in the worker rejects with its error and leaves the worker serving', async () => {
    const pool = await fakePool(1);
    await expect(pool.detect(fakeImage(0, 1))).rejects.toThrow('Embedded face engine: broken');
    await expect(timed(pool, fakeImage(5))).resolves.toMatchObject({ thread: expect.any(Number) });
  });

  it('workers that cannot load their models fail the start, not the first check-in', async () => {
    const broken = fileURLToPath(FAKE_WORKER); // any file that exists
    await expect(startRuntimePool({ size: 2, runtime: { wasmDir: broken }, workerFile: FAKE_WORKER })).rejects.toThrow('models missing');
  });

  it('when the last worker dies and its replacement cannot load, detections fail at once with the cause instead of waiting', async () => {
    const marker = path.join(mkdtempSync(path.join(tmpdir(), 'pool-')), 'broken');
    const pool = await startRuntimePool({ size: 1, runtime: { wasmDir: marker }, workerFile: FAKE_WORKER });
    pools.push(pool);
    writeFileSync(marker, '');
    await expect(pool.detect(fakeImage(0, 0))).rejects.toBeInstanceOf(FaceEngineBusy);
    await vi.waitFor(() => expect(pool.size).toBe(0));
    const error = await pool.detect(fakeImage(5)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FaceEngineBusy);
    expect((error as Error).cause).toMatchObject({ message: 'models missing' });
  });

  it('close fails queued and running detections as busy, and later ones too', async () => {
    const pool = await fakePool(1);
    const outcomes = Promise.allSettled([pool.detect(fakeImage(500)), pool.detect(fakeImage(5))]);
    await pool.close();
    const [running, queued] = await outcomes;
    expect(running).toMatchObject({ status: 'rejected', reason: expect.any(FaceEngineBusy) });
    expect(queued).toMatchObject({ status: 'rejected', reason: expect.any(FaceEngineBusy) });
    await expect(pool.detect(fakeImage(5))).rejects.toBeInstanceOf(FaceEngineBusy);
    expect(pool.size).toBe(0);
  });
});
