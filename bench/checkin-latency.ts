/**
 * Issue 4 benchmark: a face check-in end to end through the local gateway with the embedded
 * engine — HTTP → JWT authorizer → the attendance worker (projection reads, 1:N search among the
 * roster's templates, conditional writes, photo to S3, event to the bus) → answer.
 *
 *   npx tsx bench/checkin-latency.ts            # 1,000 check-ins
 *   BENCH_CHECKINS=200 npx tsx bench/checkin-latency.ts
 *
 * Phase 1: one kiosk, one check-in at a time (latency p50/p95). Phase 2: two kiosks at once
 * (throughput). RSS of this process — the gateway, the bus and the service's worker thread all
 * live in it (DynamoDB Local is a separate Java process and not counted) — is sampled every 100
 * check-ins and must stay flat. Targets on the 2-core machine: p95 < 400 ms, ≥ 4 check-ins/s.
 */
import { attendanceManifest } from '../services/attendance/src/manifest';
import { classApproved, traineeRegistered } from '@peixun/shared';
import { startLocalRuntime } from '../local/src/runtime';
import { SEEDED_USERS } from '../local/src/identity/users';
import { photo } from '../services/attendance/test/support/face-fixtures';
import { classSnapshot, deliver, shanghaiIn, SYSTEM_ACTOR } from '../test/e2e/fixtures/enrollment-events';

const TOTAL = Number(process.env.BENCH_CHECKINS ?? 1000);
const SEQUENTIAL = Math.round(TOTAL * 0.2);
const log = (text: string): void => void process.stderr.write(`[bench] ${text}\n`);

/** Reference photo for enrolment, and a different photo of the same person for the check-ins. */
const PEOPLE = [
  { traineeId: 'trn_b_franck', reference: 'franck_02159.jpg', probe: 'franck_01829.jpg' },
  { traineeId: 'trn_b_audrey', reference: 'audrey.jpg', probe: 'audrey_crop.jpg' },
  { traineeId: 'trn_b_cage', reference: 'cage.jpg', probe: 'cage.jpg' },
  { traineeId: 'trn_b_bieber', reference: 'Justin-Bieber2_crop.jpg', probe: 'bieber_small.jpg' },
  { traineeId: 'trn_b_sean', reference: 'SeanConnery.jpg', probe: 'SeanConnery.jpg' },
];
const SESSIONS = Math.ceil(TOTAL / PEOPLE.length);

const runtime = await startLocalRuntime({ manifests: [attendanceManifest], quiet: true, retry: { attempts: 3, baseDelayMs: 20 } });
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
    await deliver(runtime.bus, traineeRegistered, {
      traineeId: person.traineeId,
      name: '学员',
      idNumberMasked: '110***********002X',
      sex: 'male',
      birthDate: '1990-01-01',
      regionCode: '520102',
      targetGroups: ['RURAL_MIGRANT_WORKER'],
      biometricConsentAt: '2026-11-26T10:00:00+08:00',
      registeredAt: '2026-11-26T10:00:00+08:00',
      registeredBy: { sub: school?.sub ?? '', role: 'institution', institutionId: 'ins_demo' },
    });
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
  for (const kiosk of ['kiosk-1', 'kiosk-2']) await call('PUT', `/kiosks/${kiosk}`, { siteId: 'site_1', description: '门口一体机' });

  const probes = PEOPLE.map((person) => Buffer.from(photo(person.probe)).toString('base64'));
  const jobs = sessionIds.flatMap((sessionId) => PEOPLE.map((person, i) => ({ sessionId, traineeId: person.traineeId, photo: probes[i] ?? '' }))).slice(0, TOTAL);
  let next = 0;
  let done = 0;
  let failures = 0;
  const rss: number[] = [];
  // The main thread's JS heap and off-heap buffers (gateway, bus, in-memory S3 emulator) next to the
  // process RSS, to tell where growth comes from.
  const heap: number[] = [];
  const external: number[] = [];
  const sampleRss = (): void => {
    if (done % 100 !== 0) return;
    rss.push(process.memoryUsage().rss);
    heap.push(process.memoryUsage().heapUsed);
    external.push(process.memoryUsage().external);
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
      sampleRss();
    }
  }

  // Warm-up (not counted): the first inference compiles the WASM kernels.
  await call('POST', `/sessions/${WARM_UP_SESSION}/check-ins`, { photo: probes[0], traineeId: PEOPLE[0]?.traineeId, deviceId: 'kiosk-1' });
  rss.push(process.memoryUsage().rss);

  log(`phase 1: ${SEQUENTIAL} check-ins from one kiosk`);
  const sequential: number[] = [];
  const phase1Started = performance.now();
  await kiosk('kiosk-1', SEQUENTIAL, sequential);
  const phase1Seconds = (performance.now() - phase1Started) / 1000;

  log(`phase 2: ${TOTAL - SEQUENTIAL} check-ins from two kiosks at once`);
  const concurrent: number[] = [];
  const phase2Started = performance.now();
  await Promise.all([kiosk('kiosk-1', TOTAL, concurrent), kiosk('kiosk-2', TOTAL, concurrent)]);
  const phase2Seconds = (performance.now() - phase2Started) / 1000;

  const percentile = (values: number[], p: number): number => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
  };
  const ms = (value: number): string => `${value.toFixed(0)} ms`;
  const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(0)} MB`;
  const firstRss = rss[1] ?? rss[0] ?? 0;
  const lastRss = rss.at(-1) ?? 0;

  console.log(`check-ins: ${done} (${failures} refused)`);
  console.log(`one kiosk:   p50 ${ms(percentile(sequential, 50))}, p95 ${ms(percentile(sequential, 95))}, ${(sequential.length / phase1Seconds).toFixed(1)} check-ins/s`);
  console.log(`two kiosks:  p50 ${ms(percentile(concurrent, 50))}, p95 ${ms(percentile(concurrent, 95))}, ${(concurrent.length / phase2Seconds).toFixed(1)} check-ins/s`);
  console.log(`RSS every 100 check-ins: ${rss.map(mb).join(' → ')}`);
  console.log(`main-thread heap every 100 check-ins: ${heap.map(mb).join(' → ')}`);
  console.log(`main-thread buffers (external) every 100: ${external.map(mb).join(' → ')}`);
  console.log(`RSS after ${done} check-ins: ${mb(lastRss)} (${lastRss >= firstRss ? '+' : ''}${mb(lastRss - firstRss)} since the first 100)`);
  const p95 = percentile(sequential, 95);
  const throughput = concurrent.length / phase2Seconds;
  console.log(`targets: p95 < 400 ms ${p95 < 400 ? 'met' : 'MISSED'}; ≥ 4 check-ins/s ${throughput >= 4 ? 'met' : 'MISSED'}`);
} finally {
  await runtime.stop();
}
