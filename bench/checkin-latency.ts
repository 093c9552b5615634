/**
 * Issue 4 benchmark: a face check-in end to end through the local gateway with the embedded
 * engine — HTTP → JWT authorizer → the attendance worker (projection reads, 1:N search among the
 * roster's templates, conditional writes, photo to S3, event to the bus) → answer.
 *
 *   npm run bench:checkin                                   # 1,000 check-ins
 *   BENCH_CHECKINS=3000 npm run bench:checkin               # a longer run, to see RSS plateau or climb
 *   BENCH_SAMPLE_EVERY=100 BENCH_CHECKINS=200 npm run bench:checkin
 *   FACE_ENGINE_WORKERS=1 npm run bench:checkin              # inference in the service's thread, no pool
 *   BENCH_HEAP_SNAPSHOTS=/tmp/snaps npm run bench:checkin   # worker heap snapshots at every sample (RSS then
 *                                                           # includes what writing them costs, ~150 MB)
 *
 * Three phases: one kiosk, one check-in at a time (20 % of the check-ins), then two and four kiosks
 * at once (40 % each); a table gives each phase's rate, p50/p95 and the process RSS at its start
 * and end. Every `BENCH_SAMPLE_EVERY` (250) check-ins, after a full GC in both threads, it
 * samples the RSS of this process — the gateway, the bus, the S3 emulator and the service's worker
 * thread all live in it (DynamoDB Local is a separate Java process and not counted) — and the JS
 * heap and off-heap buffers (external, of which arrayBuffers) of the main thread and of the
 * attendance worker, the latter read through the inspector (`NodeWorker` domain), so growth can be
 * placed. With the engine's inference pool (`FACE_ENGINE_WORKERS`, default one per core) the
 * models, tensors and WASM memory live in detector threads started by that worker: counted in
 * the process RSS, not in the worker's figures (which then show "–" for them). The face engine's
 * WASM memory is outside all of those: it grows to a high-water mark and
 * never shrinks, so RSS after warm-up should plateau; a steady slope is a leak. Targets (issue 14):
 * four kiosks ≥ 10 check-ins/s with p95 < 500 ms, one kiosk p95 < 250 ms, RSS flat over 3,000.
 */
import { mkdirSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import sharp from 'sharp';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { ATTENDANCE_ENV } from '../services/attendance/src/config';
import { FACE_ENV } from '../services/attendance/src/face/face-engine-config';
import { attendanceManifest } from '../services/attendance/src/manifest';
import { classApproved, institutionRegistered, traineeRegistered } from '@peixun/shared';
import { startLocalRuntime } from '../local/src/runtime';
import { SEEDED_USERS } from '../local/src/identity/users';
import { photo } from '../services/attendance/test/support/face-fixtures';
import { classSnapshot, deliver, institutionRegistration, shanghaiIn, SYSTEM_ACTOR, traineeRegistration } from '../test/e2e/fixtures/enrollment-events';

const TOTAL = Number(process.env.BENCH_CHECKINS ?? 1000);
/** Kiosks checking in at once, and each phase's share of the check-ins. */
const PHASES = [
  { kiosks: 1, share: 0.2 },
  { kiosks: 2, share: 0.4 },
  { kiosks: 4, share: 0.4 },
] as const;
const SAMPLE_EVERY = Number(process.env.BENCH_SAMPLE_EVERY ?? 250);
const SNAPSHOT_DIR = process.env.BENCH_HEAP_SNAPSHOTS;
/** `BENCH_FORCE_GC=0`: no forced GC before a sample, so RSS and heaps follow V8's own GC pacing alone. */
const FORCE_GC = process.env.BENCH_FORCE_GC !== '0';
const log = (text: string): void => void process.stderr.write(`[bench] ${text}\n`);

interface MemoryFigures {
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  /** Worker only: the face engine's live tfjs tensors and the size of its WASM memory (not in any figure above). */
  tensors?: number;
  wasmBytes?: number;
}

/**
 * Evaluated inside the worker: its `process.memoryUsage()`, plus tfjs's tensor count and the WASM
 * backend's memory, read from the same `@tensorflow/tfjs-core` instance human runs on (the worker's
 * require cache), once the engine is loaded.
 */
const WORKER_MEMORY_EXPRESSION = `(() => {
  const figures = { ...process.memoryUsage() };
  try {
    const require = process.getBuiltinModule('module').createRequire(${JSON.stringify(`${process.cwd()}/services/attendance/`)});
    const tf = require('@tensorflow/tfjs-core');
    if (tf.findBackend('wasm') !== undefined && tf.getBackend() === 'wasm') {
      figures.tensors = tf.memory().numTensors;
      figures.wasmBytes = tf.backend().wasm.HEAPU8.buffer.byteLength;
    }
  } catch {}
  return JSON.stringify(figures);
})()`;

/**
 * Memory of this process's threads: the main thread directly, the service's worker thread through
 * the inspector's NodeWorker domain (the local runtime does not expose its workers). Both are
 * sampled after a full GC, so heap figures are what is still reachable, not garbage awaiting GC.
 */
class ThreadMemory {
  readonly #session = new Session();
  readonly #workers: string[] = [];
  readonly #pending = new Map<number, (result: unknown) => void>();
  #nextId = 1;

  async start(): Promise<void> {
    this.#session.connect();
    // Only the runtime's function workers (local/src/lambda/worker.ts), not the tsx loader's hooks thread.
    this.#session.on('NodeWorker.attachedToWorker', ({ params }) => {
      if (params.workerInfo.url.endsWith('/lambda/worker.ts')) this.#workers.push(params.sessionId);
    });
    this.#session.on('NodeWorker.receivedMessageFromWorker', ({ params }) => {
      const message = JSON.parse(params.message) as { id?: number; result?: unknown; error?: unknown };
      if (message.id === undefined) return;
      this.#pending.get(message.id)?.(message.result ?? message.error);
      this.#pending.delete(message.id);
    });
    await this.#session.post('NodeWorker.enable', { waitForDebuggerOnStart: false });
    // Workers that already run are reported right after enabling.
    for (let waited = 0; this.#workers.length === 0 && waited < 2_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
  }

  get workerCount(): number {
    return this.#workers.length;
  }

  /** `rssBeforeGc`: RSS as the run left it; everything else after a full GC of both threads (unless `gc` is false). */
  async sample(gc: boolean): Promise<{ rssBeforeGc: number; main: MemoryFigures; worker: MemoryFigures | undefined }> {
    const rssBeforeGc = process.memoryUsage.rss();
    if (gc) await this.#session.post('HeapProfiler.collectGarbage');
    const [sessionId] = this.#workers;
    let worker: MemoryFigures | undefined;
    if (sessionId !== undefined) {
      if (gc) await this.#toWorker(sessionId, 'HeapProfiler.collectGarbage');
      const result = (await this.#toWorker(sessionId, 'Runtime.evaluate', {
        expression: WORKER_MEMORY_EXPRESSION,
        returnByValue: true,
      })) as { result?: { value?: string } };
      worker = JSON.parse(result.result?.value ?? 'null') as MemoryFigures | undefined;
    }
    return { rssBeforeGc, main: process.memoryUsage(), worker };
  }

  /** Writes a heap snapshot of the worker thread (the one running the handlers) to `file`. */
  async snapshotWorker(file: string): Promise<void> {
    const [sessionId] = this.#workers;
    if (sessionId === undefined) return;
    await this.#toWorker(sessionId, 'Runtime.evaluate', {
      expression: `process.getBuiltinModule('v8').writeHeapSnapshot(${JSON.stringify(file)})`,
      returnByValue: true,
    });
  }

  stop(): void {
    this.#session.disconnect();
  }

  #toWorker(sessionId: string, method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    const id = this.#nextId++;
    const answered = new Promise<unknown>((resolve) => this.#pending.set(id, resolve));
    void this.#session.post('NodeWorker.sendMessageToWorker', { sessionId, message: JSON.stringify({ id, method, params }) });
    return answered;
  }
}

/** Reference photo for enrolment, and a different photo of the same person for the check-ins. */
const PEOPLE = [
  { traineeId: 'trn_b_franck', reference: 'franck_02159.jpg', probe: 'franck_01829.jpg' },
  { traineeId: 'trn_b_audrey', reference: 'audrey.jpg', probe: 'audrey_crop.jpg' },
  { traineeId: 'trn_b_cage', reference: 'cage.jpg', probe: 'cage.jpg' },
  { traineeId: 'trn_b_bieber', reference: 'Justin-Bieber2_crop.jpg', probe: 'bieber_small.jpg' },
  { traineeId: 'trn_b_sean', reference: 'SeanConnery.jpg', probe: 'SeanConnery.jpg' },
];
const SESSIONS = Math.ceil(TOTAL / PEOPLE.length);

/**
 * Five photos serve 200 sessions here, which the photo replay rule (issue 15) refuses after the
 * first session. The bench keeps the rule's work (fingerprint, history read, versioned write, the
 * exact-bytes sentinel: each check sends its own bytes, the probe re-encoded with a serial in its
 * EXIF) but switches off the near-copy comparison (distance < 0 never holds), so it measures the
 * latency of checks that pass. Not a setting for anything but this bench.
 */
const benchManifest = {
  ...attendanceManifest,
  config: {
    ...attendanceManifest.config,
    [ATTENDANCE_ENV.photoReplayMaxDistance]: '0',
    // The service's environment comes from its manifest, not from this shell: pass the pool size on.
    ...(process.env[FACE_ENV.workers] === undefined ? {} : { [FACE_ENV.workers]: process.env[FACE_ENV.workers] }),
  },
};
const runtime = await startLocalRuntime({ manifests: [benchManifest], quiet: true, retry: { attempts: 3, baseDelayMs: 20 } });
try {
  const token = await runtime.issuer.tokenFor('school1');
  const call = async (method: string, path: string, body: unknown): Promise<{ status: number; text: string }> => {
    const response = await fetch(`${runtime.urls.api}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, text: await response.text() };
  };

  log(`seeding: ${PEOPLE.length} trainees, ${SESSIONS} open sessions`);
  const school = SEEDED_USERS.find((user) => user.username === 'school1');
  for (const person of PEOPLE) {
    await deliver(runtime.bus, traineeRegistered, traineeRegistration(person.traineeId, { sub: school?.sub ?? '', role: 'institution', institutionId: 'ins_demo' }));
  }
  const sessionIds = Array.from({ length: SESSIONS }, (_, i) => `ses_b_${i}`);
  const WARM_UP_SESSION = 'ses_b_warmup';
  await deliver(runtime.bus, classApproved, {
    class: classSnapshot({
      classId: 'cls_bench',
      sessions: [...sessionIds, WARM_UP_SESSION].map((sessionId) => ({ sessionId, startsInMinutes: -5, minutes: 60 })),
      traineeIds: PEOPLE.map((person) => person.traineeId),
    }),
    approvedAt: shanghaiIn(0),
    approvedBy: SYSTEM_ACTOR,
    reasons: [],
  });
  for (const person of PEOPLE) {
    const enrolled = await call('PUT', `/trainees/${person.traineeId}/face`, { photo: Buffer.from(photo(person.reference)).toString('base64') });
    if (enrolled.status !== 200 || !enrolled.text.includes('ACTIVE')) throw new Error(`enrolment of ${person.traineeId} failed: ${enrolled.status} ${enrolled.text}`);
  }
  await deliver(runtime.bus, institutionRegistered, institutionRegistration('ins_demo', ['site_1']));
  const kioskIds = Array.from({ length: Math.max(...PHASES.map((phase) => phase.kiosks)) }, (_, i) => `kiosk-${i + 1}`);
  for (const kiosk of kioskIds) await call('PUT', `/kiosks/${kiosk}`, { siteId: 'site_1', description: '门口一体机' });

  log('encoding one photo per check-in');
  const ownBytes = async (file: string, serial: number): Promise<string> =>
    (await sharp(photo(file)).withExif({ IFD0: { ImageDescription: `bench ${serial}` } }).jpeg({ quality: 92 }).toBuffer()).toString('base64');
  const slots = sessionIds.flatMap((sessionId) => PEOPLE.map((person) => ({ sessionId, person }))).slice(0, TOTAL);
  const jobs: Array<{ sessionId: string; traineeId: string; photo: string }> = [];
  for (const [serial, { sessionId, person }] of slots.entries()) jobs.push({ sessionId, traineeId: person.traineeId, photo: await ownBytes(person.probe, serial) });
  let next = 0;
  let done = 0;
  let failures = 0;
  const threads = new ThreadMemory();
  await threads.start();
  if (threads.workerCount === 0) log('no worker thread found: worker memory is not reported');
  if (SNAPSHOT_DIR !== undefined) mkdirSync(SNAPSHOT_DIR, { recursive: true });
  const samples: Array<{ after: number; rssBeforeGc: number; main: MemoryFigures; worker: MemoryFigures | undefined }> = [];
  const sampleMemory = async (after: number): Promise<void> => {
    const sample = await threads.sample(FORCE_GC);
    samples.push({ after, ...sample });
    if (SNAPSHOT_DIR !== undefined) await threads.snapshotWorker(join(SNAPSHOT_DIR, `worker-${String(after).padStart(5, '0')}.heapsnapshot`));
  };

  async function kiosk(deviceId: string, until: number, latencies: number[]): Promise<void> {
    while (next < until) {
      const job = jobs[next++];
      if (job === undefined) return;
      const started = performance.now();
      const response = await call('POST', `/sessions/${job.sessionId}/check-ins`, { photo: job.photo, traineeId: job.traineeId, deviceId });
      latencies.push(performance.now() - started);
      if (response.status !== 201) {
        failures++;
        if (failures <= 3) log(`check-in refused: ${response.status} ${response.text}`);
      }
      done++;
      if (done % SAMPLE_EVERY === 0) await sampleMemory(done);
    }
  }

  // Warm-up (not counted): the first inference compiles the WASM kernels.
  await call('POST', `/sessions/${WARM_UP_SESSION}/check-ins`, { photo: await ownBytes(PEOPLE[0]?.probe ?? '', -1), traineeId: PEOPLE[0]?.traineeId, deviceId: 'kiosk-1' });
  await sampleMemory(0);

  const phases: Array<{ kiosks: number; latencies: number[]; seconds: number; cpuMs: number; rssStart: number; rssEnd: number }> = [];
  let until = 0;
  for (const [index, { kiosks, share }] of PHASES.entries()) {
    until = index === PHASES.length - 1 ? TOTAL : until + Math.round(TOTAL * share);
    log(`${kiosks} kiosk(s) at once: check-ins ${next + 1}–${until}`);
    const latencies: number[] = [];
    const rssStart = process.memoryUsage.rss();
    const started = performance.now();
    // CPU of every thread of this process (not DynamoDB Local's JVM): what a check-in costs the machine.
    const cpuBefore = process.cpuUsage();
    await Promise.all(kioskIds.slice(0, kiosks).map((deviceId) => kiosk(deviceId, until, latencies)));
    const cpu = process.cpuUsage(cpuBefore);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    phases.push({ kiosks, latencies, seconds: (performance.now() - started) / 1000, cpuMs, rssStart, rssEnd: process.memoryUsage.rss() });
  }

  const percentile = (values: number[], p: number): number => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
  };
  const ms = (value: number): string => `${value.toFixed(0)} ms`;
  const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(0)} MB`;
  const mbSeries = (pick: (sample: (typeof samples)[number]) => number | undefined): string =>
    samples.map((sample) => { const value = pick(sample); return value === undefined ? '–' : (value / 1e6).toFixed(0); }).join(' → ');

  console.log(`check-ins: ${done} (${failures} refused)`);
  console.log(`inference threads: ${process.env[FACE_ENV.workers] ?? 'default'}; cores: ${availableParallelism()}; load average at the end: ${loadavg().map((load) => load.toFixed(2)).join(' ')}`);
  console.log('kiosks | check-ins | per s | p50    | p95     | CPU/check-in | RSS start | RSS end');
  for (const phase of phases) {
    const cells = [
      String(phase.kiosks).padStart(6),
      String(phase.latencies.length).padStart(9),
      (phase.latencies.length / phase.seconds).toFixed(1).padStart(5),
      ms(percentile(phase.latencies, 50)).padStart(6),
      ms(percentile(phase.latencies, 95)).padStart(7),
      ms(phase.cpuMs / phase.latencies.length).padStart(12),
      mb(phase.rssStart).padStart(9),
      mb(phase.rssEnd).padStart(7),
    ];
    console.log(cells.join(' | '));
  }
  console.log(`memory in MB after ${samples.map((sample) => sample.after).join(' / ')} check-ins (0 = after warm-up${FORCE_GC ? '; heaps after a full GC' : '; no forced GC'}):`);
  console.log(`  process RSS:            ${mbSeries((sample) => sample.rssBeforeGc)}`);
  if (FORCE_GC) console.log(`  process RSS after GC:   ${mbSeries((sample) => sample.main.rss)}`);
  console.log(`  worker heap used:       ${mbSeries((sample) => sample.worker?.heapUsed)}`);
  console.log(`  worker external:        ${mbSeries((sample) => sample.worker?.external)}`);
  console.log(`  worker arrayBuffers:    ${mbSeries((sample) => sample.worker?.arrayBuffers)}`);
  console.log(`  worker WASM memory:     ${mbSeries((sample) => sample.worker?.wasmBytes)}`);
  console.log(`  worker tfjs tensors:    ${samples.map((sample) => sample.worker?.tensors ?? '–').join(' → ')}`);
  console.log(`  main heap used:         ${mbSeries((sample) => sample.main.heapUsed)}`);
  console.log(`  main external:          ${mbSeries((sample) => sample.main.external)}`);
  console.log(`  main arrayBuffers:      ${mbSeries((sample) => sample.main.arrayBuffers)}`);
  // The slope over the second half of the run says plateau or leak; the first half includes warm-up.
  const half = samples.filter((sample) => sample.after >= done / 2);
  const [from, to] = [half[0], half.at(-1)];
  if (from !== undefined && to !== undefined && to.after > from.after) {
    const per1000 = ((to.rssBeforeGc - from.rssBeforeGc) / (to.after - from.after)) * 1000;
    console.log(`RSS slope over check-ins ${from.after}–${to.after}: ${per1000 >= 0 ? '+' : ''}${(per1000 / 1e6).toFixed(1)} MB per 1,000 check-ins`);
  }
  const last = samples.at(-1)?.rssBeforeGc ?? 0;
  console.log(`RSS after ${done} check-ins: ${mb(last)}`);
  const [one, , four] = phases;
  const oneP95 = one === undefined ? Number.NaN : percentile(one.latencies, 95);
  const fourP95 = four === undefined ? Number.NaN : percentile(four.latencies, 95);
  const fourRate = four === undefined ? 0 : four.latencies.length / four.seconds;
  const verdict = (met: boolean): string => (met ? 'met' : 'MISSED');
  console.log(
    `targets: one kiosk p95 < 250 ms ${verdict(oneP95 < 250)}; four kiosks ≥ 10 check-ins/s ${verdict(fourRate >= 10)}, p95 < 500 ms ${verdict(fourP95 < 500)}`,
  );
  threads.stop();
} finally {
  await runtime.stop();
}
