/**
 * The chaos test (bounded, seeded, reproducible): every run delivers each Claim.ReadyForPayment
 * twice in a shuffled order, lets 20 finance users build batches at the same moment, kills the
 * use cases at random points (between writes, after a write before the next, during an import),
 * recovers as production does (seal abandoned builds, export again, import again), sometimes
 * cancels a sealed batch (dying half-way, repeated until done) and rebuilds from its claims, imports
 * every bank file twice (sometimes both at once), sometimes retries failed payments into a second batch,
 * and then checks the invariants against the table itself: every claim paid at most once, every
 * batch's lines add up to its control totals, nothing lost. A violation names its seed; rerun one
 * with CHAOS_SEED=<seed>; CHAOS_RUNS and CHAOS_FROM choose how many runs from which seed.
 */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../local/src/bank/seeded-random';
import { simulateBank } from '../../../local/src/bank/bank-simulator';
import { approveBatch } from '../src/app/approve-batch';
import { buildBatch, sealAbandonedBuilds } from '../src/app/build-batch';
import { cancelBatch } from '../src/app/cancel-batch';
import { exportBatch } from '../src/app/export-batch';
import { importResults } from '../src/app/import-results';
import { registerAccount } from '../src/app/payee-accounts';
import type { Actor, BankFilesApp } from '../src/app/ports';
import { projectReadyClaim } from '../src/app/ready-claims';
import { retryPayment } from '../src/app/retry-payment';
import { payeeRefOf, type Batch, type BatchLine } from '../src/domain/batch';
import { controlTotalsOf } from '../src/domain/control-totals';
import { PaymentError } from '../src/domain/errors';
import type { ReadyClaim } from '../src/domain/ready-claim';
import { readyClaim } from './support/fixtures';
import { usePaymentsEngines, type PaymentsEngines } from './support/payments-engines';

const RUNS = Number(process.env.CHAOS_RUNS ?? 200);
const ONLY_SEED = process.env.CHAOS_SEED === undefined ? undefined : Number(process.env.CHAOS_SEED);
/** The first seed; the runs use this one and the next RUNS − 1. */
const FIRST_SEED = Number(process.env.CHAOS_FROM ?? 1000);
const BUILDERS = 20;
/** Runs in flight at once: each has its own area, so they share the engine but no data. */
const PARALLEL_RUNS = 8;

class Crash extends Error {
  constructor(readonly point: string) {
    super(`crash at ${point}`);
  }
}

const engines = usePaymentsEngines();

function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

/**
 * DynamoDB Local answers a transaction that waited too long for an item lock with a 500 ("will
 * succeed in actual DynamoDB"); for the use case it is one more way to die, retried like a crash.
 */
const isEngineTimeout = (error: unknown): boolean => error instanceof Error && error.name === 'InternalServerError';
const died = (error: unknown): boolean => error instanceof Crash || isEngineTimeout(error);

/** Runs `step` until it gets through without dying: the retry a Lambda or a clerk would make. */
async function untilDone<T>(step: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await step();
    } catch (error) {
      if (!died(error)) throw error;
    }
  }
}

async function download(url: string): Promise<Buffer> {
  return Buffer.from(await (await fetch(url)).arrayBuffer());
}

interface RunOutcome {
  readonly batches: number;
  readonly cancelled: number;
  readonly crashes: number;
  readonly violations: string[];
}

async function oneRun(all: PaymentsEngines, seed: number): Promise<RunOutcome> {
  const random = seededRandom(seed);
  const area = `7${String(seed).padStart(5, '0')}`;
  const crashRate = 0.03 + random() * 0.12;
  let crashes = 0;
  const crash = (point: string) => {
    if (random() < crashRate) {
      crashes += 1;
      throw new Crash(point);
    }
  };
  const app: BankFilesApp = all.app({ crash, settings: { secondApproverThresholdFen: random() < 0.3 ? 200_000 : 100_000_000 } });
  const calm: BankFilesApp = all.app();
  const actor = (n: number): Actor => ({ sub: `fin-${seed}-${n}`, name: `财务${n}`, areaCode: area });

  // Ready claims and their payees' accounts; every event twice, in a shuffled order.
  const claims = Array.from({ length: 3 + Math.floor(random() * 6) }, (_, n) =>
    readyClaim(`chaos${seed}`, n, { areaCode: area, amountFen: 1 + Math.floor(random() * 300_000) }),
  );
  for (const [n, claim] of claims.entries()) {
    await untilDone(() => registerAccount(calm, claim.payee, { kind: 'SOCIAL_SECURITY_CARD', holderName: claim.payeeName, bankName: '贵阳银行', accountNumber: `62170${String(seed).padStart(6, '0')}${String(n).padStart(5, '0')}` }, 'chaos'));
  }
  await Promise.all(shuffle([...claims, ...claims], random).map((claim) => untilDone(() => projectReadyClaim(calm, claim))));

  // Twenty builders at the same moment; some die half-way, the sweep seals what they left.
  const built = await Promise.allSettled(
    Array.from({ length: BUILDERS }, (_, n) => buildBatch(app, actor(n), { subsidyKind: 'DIRECT_CERTIFICATE_SUBSIDY', maxLines: 1 + Math.floor(random() * 14) })),
  );
  for (const result of built) {
    if (result.status === 'rejected' && !died(result.reason) && !(result.reason instanceof PaymentError)) throw result.reason;
  }
  await untilDone(() => sealAbandonedBuilds(calm, -1, area));

  const payBatches = async (batches: readonly Batch[], failureRate: number) => {
    for (const batch of batches) {
      const totals = batch.totals ?? { count: 0, sumFen: 0, hash: '' };
      let current = await untilDone(() => approveBatch(app, actor(100), batch.batchId, totals));
      if (current.status !== 'APPROVED') current = await untilDone(() => approveBatch(app, actor(101), batch.batchId, totals));
      const exported = await untilDone(() => exportBatch(app, actor(0), batch.batchId, 'pain.001'));
      const answer = simulateBank(await download(exported.url), { seed: seed * 31 + batch.version, failureRate, returnRate: 0.15, now: new Date() });
      for (const file of [answer.pain002, answer.camt054].filter((f): f is Buffer => f !== undefined)) {
        if (random() < 0.3) await Promise.all([untilDone(() => importResults(app, actor(0), batch.batchId, file)), untilDone(() => importResults(app, actor(1), batch.batchId, file))]);
        else for (let time = 0; time < 2; time += 1) await untilDone(() => importResults(app, actor(0), batch.batchId, file));
      }
    }
  };
  // Sometimes a finance user cancels a sealed batch (dying half-way, repeated until done) and the
  // area rebuilds from the released claims, with three builders at once.
  const beforeCancel = (await calm.repo.batchesOfArea(area)).filter((batch) => batch.status === 'SEALED');
  const doomed = beforeCancel[Math.floor(random() * beforeCancel.length)];
  if (doomed !== undefined && random() < 0.3) {
    await untilDone(() => cancelBatch(app, actor(0), doomed.batchId, '混沌测试：撤销重组'));
    const rebuilt = await Promise.allSettled([0, 1, 2].map((n) => buildBatch(app, actor(n), { subsidyKind: 'DIRECT_CERTIFICATE_SUBSIDY' })));
    for (const result of rebuilt) if (result.status === 'rejected' && !died(result.reason) && !(result.reason instanceof PaymentError)) throw result.reason;
    await untilDone(() => sealAbandonedBuilds(calm, -1, area));
  }
  const sealed = (await calm.repo.batchesOfArea(area)).filter((batch) => batch.status === 'SEALED');
  await payBatches(sealed, random() * 0.4);

  // Sometimes: correct the accounts of failed or returned payments, decide to retry, pay again.
  if (random() < 0.3) {
    for (const claim of claims) {
      const state = await calm.repo.getReady(claim.paymentKey);
      if (state?.status !== 'FAILED' && state?.status !== 'RETURNED') continue;
      await untilDone(() => registerAccount(calm, claim.payee, { kind: 'OWN_BANK_ACCOUNT', holderName: claim.payeeName, bankName: '工商银行', accountNumber: `62220${String(seed).padStart(6, '0')}${String(claims.indexOf(claim)).padStart(5, '0')}` }, 'chaos'));
      await untilDone(() => retryPayment(calm, actor(100), claim.paymentKey));
    }
    const again = await Promise.allSettled([0, 1, 2].map((n) => buildBatch(app, actor(n), { subsidyKind: 'DIRECT_CERTIFICATE_SUBSIDY' })));
    for (const result of again) if (result.status === 'rejected' && !died(result.reason) && !(result.reason instanceof PaymentError)) throw result.reason;
    await untilDone(() => sealAbandonedBuilds(calm, -1, area));
    await payBatches((await calm.repo.batchesOfArea(area)).filter((batch) => batch.status === 'SEALED'), 0.2);
  }

  const batches = await calm.repo.batchesOfArea(area);
  return {
    batches: batches.length,
    cancelled: batches.filter((batch) => batch.status === 'CANCELLED').length,
    crashes,
    violations: await violations(calm, area, claims.map((c) => c.paymentKey)),
  };
}

/** The invariants, read from the table: what the use cases believe does not count. */
async function violations(app: BankFilesApp, area: string, paymentKeys: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  const batches = await app.repo.batchesOfArea(area);
  const lines: BatchLine[] = [];
  for (const batch of batches) {
    if (batch.status === 'BUILDING' || batch.status === 'CANCELLING') found.push(`batch ${batch.batchId} left ${batch.status}`);
    const ofBatch = await app.repo.lines(batch.batchId);
    lines.push(...ofBatch);
    const recomputed = controlTotalsOf(ofBatch.map((line) => ({ ...line, payeeRef: payeeRefOf(line.payee) })));
    if (JSON.stringify(recomputed) !== JSON.stringify(batch.totals)) found.push(`batch ${batch.batchId}: lines ${JSON.stringify(recomputed)} ≠ control totals ${JSON.stringify(batch.totals)}`);
  }
  for (const key of paymentKeys) {
    const claim: ReadyClaim | undefined = await app.repo.getReady(key);
    if (claim === undefined) {
      found.push(`${key}: lost (no ready item)`);
      continue;
    }
    const mine = lines.filter((line) => line.paymentKey === key);
    const paid = mine.filter((line) => line.status === 'PAID');
    const open = mine.filter((line) => line.status === 'OPEN');
    if (paid.length > 1) found.push(`${key}: paid ${paid.length} times`);
    if (open.length + paid.length > 1) found.push(`${key}: in ${open.length + paid.length} batches at once`);
    const sentinel = await app.repo.paidSentinel(key);
    if (sentinel !== paid[0]?.paymentLineId) found.push(`${key}: paid sentinel ${sentinel} but paid line ${paid[0]?.paymentLineId}`);
    if (claim.status === 'READY') {
      if (open.length + paid.length > 0) found.push(`${key}: READY while in a batch`);
      continue;
    }
    const current = mine.find((line) => line.paymentLineId === claim.paymentLineId);
    if (current === undefined) found.push(`${key}: ${claim.status} but its line ${claim.paymentLineId} is missing`);
    else if ((claim.status === 'IN_BATCH' ? 'OPEN' : claim.status) !== current.status) found.push(`${key}: claim ${claim.status} but line ${current.status}`);
  }
  return found;
}

describe('chaos: nobody is paid twice, whatever crashes, races and repeats', () => {
  it(`${ONLY_SEED === undefined ? RUNS : 1} seeded runs with crash points, 20 concurrent builders, every event and every bank file twice`, async () => {
    const seeds = ONLY_SEED === undefined ? Array.from({ length: RUNS }, (_, i) => FIRST_SEED + i) : [ONLY_SEED];
    const failures: string[] = [];
    let batches = 0;
    let cancelled = 0;
    let crashes = 0;
    const started = Date.now();
    for (let start = 0; start < seeds.length; start += PARALLEL_RUNS) {
      const outcomes = await Promise.all(
        seeds.slice(start, start + PARALLEL_RUNS).map(async (seed) => {
          try {
            return { seed, ...(await oneRun(engines(), seed)) };
          } catch (error) {
            return { seed, batches: 0, cancelled: 0, crashes: 0, violations: [`run failed: ${error instanceof Error ? error.stack : String(error)}`] };
          }
        }),
      );
      for (const outcome of outcomes) {
        batches += outcome.batches;
        cancelled += outcome.cancelled;
        crashes += outcome.crashes;
        failures.push(...outcome.violations.map((violation) => `seed ${outcome.seed}: ${violation}`));
      }
    }
    console.log(`chaos: ${seeds.length} runs, ${batches} batches (${cancelled} cancelled and rebuilt), ${crashes} injected crashes, ${failures.length} violations, ${((Date.now() - started) / 1000).toFixed(1)} s`);
    for (const failure of failures.slice(0, 20)) console.log(`chaos violation — ${failure}`);
    expect(failures).toEqual([]);
  }, 600_000);
});
