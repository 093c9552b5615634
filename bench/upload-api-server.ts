/**
 * The recordings API stand-in (the real use cases and S3 adapter behind a small node:http server,
 * see services/recordings/test/support/stub-recordings-api.ts) alone in a process, so the benchmark
 * measures the server's memory apart from the uploader's and the emulator's. IPC with the parent:
 * `{ type: 'start', s3Endpoint }` → `{ type: 'ready', url }`; `'report'` → `{ type: 'report',
 * marks, peakRss, phases }`; `'stop'` ends it.
 */
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { createRecordingsS3Client, S3RecordingStore } from '../services/recordings/src/adapters/s3-multipart';
import type { RecordingObjectStore } from '../services/recordings/src/app/ports';
import { startStubApi, type StubApi } from '../services/recordings/test/support/stub-recordings-api';
import { BENCH_BUCKET, BENCH_SESSION, BENCH_TOKEN } from './upload-fixture';
import { PhaseMemory } from './upload-memory';

/** Sampled from before the first request, so the process's own baseline is seen apart. */
const memory = new PhaseMemory();

/**
 * Records when the service saw the parts phase begin and end and how long verification took, and
 * tells the memory sampler which phase it is in.
 */
function timed(store: RecordingObjectStore): { store: RecordingObjectStore; marks: Record<string, number> } {
  const marks: Record<string, number> = {};
  const wrapped: RecordingObjectStore = {
    createUpload: (input) => store.createUpload(input),
    presignPartUrls: (input) => {
      if (marks.firstPartUrls === undefined) {
        marks.firstPartUrls = performance.now();
        memory.enter('parts');
      }
      return store.presignPartUrls(input);
    },
    listParts: (input) => store.listParts(input),
    completeUpload: async (input) => {
      marks.completeRequested = performance.now();
      memory.enter('complete');
      const result = await store.completeUpload(input);
      marks.completed = performance.now();
      return result;
    },
    abortUpload: (input) => store.abortUpload(input),
    objectSize: (key) => store.objectSize(key),
    readHead: (key, bytes) => store.readHead(key, bytes),
    sha256: async (key) => {
      memory.enter('hashing');
      const started = performance.now();
      const digest = await store.sha256(key);
      marks.hashMs = performance.now() - started;
      memory.enter('after');
      return digest;
    },
    protect: (key) => store.protect(key),
    discard: (key) => store.discard(key),
    presignView: (input) => store.presignView(input),
  };
  return { store: wrapped, marks };
}

async function start(s3Endpoint: string): Promise<{ api: StubApi; marks: Record<string, number> }> {
  const client = createRecordingsS3Client({
    endpoint: s3Endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  });
  await client.send(new CreateBucketCommand({ Bucket: BENCH_BUCKET }));
  const { store, marks } = timed(new S3RecordingStore(client, { bucket: BENCH_BUCKET }));
  const api = await startStubApi({
    store,
    sessions: [
      {
        sessionId: BENCH_SESSION,
        classId: 'cls_bench',
        institutionId: 'inst_bench',
        areaCode: '520102',
        startsAt: '2025-03-03T08:30:00+08:00',
        endsAt: '2025-03-03T11:30:00+08:00',
        recording: { trainingType: 'EMPLOYMENT_LONG_TERM', secrecyWaiver: false },
      },
    ],
    callers: { [BENCH_TOKEN]: { sub: 'bench', institutionId: 'inst_bench' } },
  });
  return { api, marks };
}

let running: { api: StubApi; marks: Record<string, number> } | undefined;
process.on('message', (message: unknown) => {
  if (typeof message === 'object' && message !== null && 'type' in message && message.type === 'start' && 's3Endpoint' in message) {
    void start(String(message.s3Endpoint)).then((started) => {
      running = started;
      process.send?.({ type: 'ready', url: started.api.url });
    });
  } else if (message === 'report') {
    // maxRSS is reported in kilobytes.
    process.send?.({ type: 'report', marks: running?.marks ?? {}, peakRss: process.resourceUsage().maxRSS * 1024, phases: memory.report() });
  } else if (message === 'stop') {
    void (running?.api.stop() ?? Promise.resolve()).then(() => process.exit(0));
  }
});
