/**
 * Issue 10 benchmark: claims through the local gateway against DynamoDB Local.
 *
 *   npm run bench:claims                       # 10,000 direct claims, 8 concurrent clients
 *   BENCH_CLAIMS=1000 npm run bench:claims     # a shorter run
 *
 * Phase 1 (setup, not timed): one person per 3 claims (the Art. 29 limit), registered through
 * `Trainee.Registered` on the bus, each with certificates recorded through `POST /certificates`.
 * Phase 2 (timed): every claim `POST /direct-claims` from 8 clients at once — claims/s, p50/p95.
 * Phase 3: a 60-trainee completed class with certificates and attendance; the time to build its
 * training claim and to approve all 60 lines. Targets on the 2-core machine: ≥ 100 claims/s,
 * p95 < 250 ms, a 60-line claim < 1 s.
 */
import { attendanceSummarized, classCompleted } from '@peixun/shared';
import { startLocalRuntime } from '../local/src/runtime';
import type { SeededUser } from '../local/src/identity/users';
import { claimsManifest } from '../services/claims/src/manifest';
import { approvedClass, certificateBody, idNumber, masked, type Person, registered, skillCertificateNumber } from '../test/e2e/fixtures/claims';
import { deliver, SYSTEM_ACTOR } from '../test/e2e/fixtures/enrollment-events';

const TOTAL = Number(process.env.BENCH_CLAIMS ?? 10_000);
const CLIENTS = 8;
const OCCUPATIONS = ['4-03-02-01', '4-03-02-02', '4-03-02-03'];
const log = (text: string): void => void process.stderr.write(`[bench] ${text}\n`);

const runtime = await startLocalRuntime({ quiet: process.env.BENCH_VERBOSE === undefined, manifests: [claimsManifest] });
runtime.setClock(new Date('2025-07-01T10:00:00+08:00'));
const tokens = new Map<string, string>();
async function call(method: string, path: string, token: string, body?: unknown): Promise<number> {
  const response = await fetch(`${runtime.urls.api}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  await response.arrayBuffer();
  return response.status;
}
async function pool<T>(items: readonly T[], run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: CLIENTS }, async () => {
    while (next < items.length) await run(items[next++] as T);
  }));
}
const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

try {
  const evaluator = await runtime.issuer.tokenFor('evaluator1');
  runtime.bus.publish(approvedClass({ classId: 'cls_bench_standards', roster: [] }, OCCUPATIONS));
  const people: Person[] = [];
  for (let i = 0; i < Math.ceil(TOTAL / 3); i += 1) {
    const user: SeededUser = { username: `bench${i}`, sub: `bench-sub-${i}`, name: `学员${i}`, groups: ['trainee'] };
    const person: Person = { user, traineeId: `trn_b${i}`, name: `学员${i}`, idNumber: idNumber(i % 1000, `19${String(50 + Math.floor(i / 1000) % 40)}0101`) };
    people.push(person);
    runtime.bus.publish(registered(person));
  }
  await runtime.bus.settled();
  const claims = people.flatMap((person, p) => OCCUPATIONS.map((occupationCode, o) => ({ person, number: skillCertificateNumber(p * 3 + o + 1, 'LEVEL_5'), occupationCode }))).slice(0, TOTAL);
  log(`setup: ${people.length} people, recording ${claims.length} certificates…`);
  // The claims worker loads its handlers on first use; on a busy machine that alone can outlast a
  // function's 10 s timeout when eight requests arrive at once, so one request warms it first.
  await call('GET', `/certificates/${claims[0]?.number ?? ''}`, evaluator);
  await pool(claims, async (claim) => {
    const status = await call('POST', '/certificates', evaluator, certificateBody(claim.person, claim.number, { occupationCode: claim.occupationCode }));
    if (status !== 201) throw new Error(`certificate refused: ${status}`);
  });

  // Tokens are issued only now: recording 10,000 certificates can outlast a token issued before it.
  for (const person of people) tokens.set(person.user.username, (await runtime.issuer.issue(person.user)).idToken);
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let accepted = 0;
  const started = performance.now();
  await pool(claims, async (claim) => {
    const t0 = performance.now();
    const status = await call('POST', '/direct-claims', tokens.get(claim.person.user.username) ?? '', { certificateNumber: claim.number, idNumber: claim.person.idNumber, insuredEmployee: false });
    latencies.push(performance.now() - t0);
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    if (status === 201) accepted += 1;
  });
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  console.log(`direct claims: ${claims.length} at ${CLIENTS} clients, ${accepted} accepted, ${(claims.length / seconds).toFixed(1)} claims/s, p50 ${percentile(latencies, 50).toFixed(0)} ms, p95 ${percentile(latencies, 95).toFixed(0)} ms`);
  // Every claim of the bench is admissible (three per person, within a year): a refusal is a fault, not a figure.
  if (accepted !== claims.length) throw new Error(`only ${accepted} of ${claims.length} claims accepted; answers: ${JSON.stringify(Object.fromEntries(statuses))}`);

  // A 60-trainee class: completed, attended, certified.
  const classId = 'cls_bench_60';
  const trainees: Person[] = Array.from({ length: 60 }, (_, i) => ({ user: people[0]?.user as SeededUser, traineeId: `trn_c${i}`, name: `班员${i}`, idNumber: idNumber(i, '19800101') }));
  runtime.bus.publish(approvedClass({ classId, roster: trainees.map((t) => ({ traineeId: t.traineeId, name: t.name, idNumberMasked: masked(t.idNumber) })) }));
  await runtime.bus.settled();
  await deliver(runtime.bus, classCompleted, { classId, classVersion: 1, institutionId: 'ins_demo', approvingAreaCode: '520102', at: '2025-06-10T18:00:00+08:00', by: SYSTEM_ACTOR, reasons: [], rosterTraineeIds: trainees.map((t) => t.traineeId) });
  await deliver(runtime.bus, attendanceSummarized, {
    classId,
    classVersion: 1,
    institutionId: 'ins_demo',
    approvingAreaCode: '520102',
    thresholdPercent: 80,
    trainees: trainees.map((t) => ({ traineeId: t.traineeId, sessionsTotal: 10, sessionsByFace: 10, sessionsByManual: 0, ratePercent: 100, completed: true })),
    summarizedAt: '2025-06-10T18:00:00+08:00',
  });
  await pool(trainees, async (t) => void (await call('POST', '/certificates', evaluator, certificateBody(t, skillCertificateNumber(900_000 + Number(t.traineeId.slice(5)), 'LEVEL_5'), { issuedOn: '2025-06-12' }))));
  const school = await runtime.issuer.tokenFor('school1');
  const reviewer = await runtime.issuer.tokenFor('reviewer1');
  const t0 = performance.now();
  const built = await fetch(`${runtime.urls.api}/classes/${classId}/training-claims`, { method: 'POST', headers: { authorization: `Bearer ${school}` } });
  const claim = (await built.json()) as { claimId: string; lines: Array<{ status: string }> };
  const buildMs = performance.now() - t0;
  const t1 = performance.now();
  const decided = await call('POST', `/claims/${claim.claimId}/decisions`, reviewer, { decision: 'APPROVE', reasons: ['证书、考勤相符'] });
  const decideMs = performance.now() - t1;
  console.log(
    `training claim: ${claim.lines.length} lines (${claim.lines.filter((l) => l.status === 'IN_REVIEW').length} eligible) built in ${buildMs.toFixed(0)} ms, all approved (HTTP ${decided}) in ${decideMs.toFixed(0)} ms`,
  );
} finally {
  await runtime.stop();
}
