/**
 * Cancelling a batch that was not exported, and rebuilding from its claims, against DynamoDB
 * Local: who may, which states, what is recorded, the races with approval and export (exactly one
 * wins), and a seeded crash-point test of the chunked release (a crash half-way leaves a state a
 * retry or the sweep completes; never a claim in two batches, never a released claim still listed
 * as in the batch). CANCEL_CHAOS_RUNS and CANCEL_CHAOS_SEED replay runs.
 */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../local/src/bank/seeded-random';
import { approveBatch } from '../src/app/approve-batch';
import { buildBatch } from '../src/app/build-batch';
import { cancelBatch, completeAbandonedCancellations } from '../src/app/cancel-batch';
import { exportBatch } from '../src/app/export-batch';
import { registerAccount } from '../src/app/payee-accounts';
import type { Actor, BankFilesApp } from '../src/app/ports';
import { projectReadyClaim } from '../src/app/ready-claims';
import type { Batch } from '../src/domain/batch';
import { PaymentError } from '../src/domain/errors';
import type { ReadyForPayment } from '../src/domain/ready-claim';
import { accountFor, checker, maker, outsider, readyClaim } from './support/fixtures';
import { usePaymentsEngines } from './support/payments-engines';

const engines = usePaymentsEngines();
let runs = 0;
const freshArea = () => `54${String(1000 + (runs += 1)).padStart(4, '0')}`;
const as = (actor: Actor, areaCode: string): Actor => ({ ...actor, areaCode });
const totalsOf = (batch: Batch) => batch.totals ?? { count: 0, sumFen: 0, hash: '' };

async function readyWithAccounts(app: BankFilesApp, run: string, area: string, count: number): Promise<ReadyForPayment[]> {
  const claims = Array.from({ length: count }, (_, n) => readyClaim(run, n, { areaCode: area }));
  // A few at a time: a crash-point run needs up to 150 claims and accounts.
  for (let start = 0; start < claims.length; start += 10) {
    await Promise.all(
      claims.slice(start, start + 10).map(async (claim, offset) => {
        await projectReadyClaim(app, claim);
        await accountFor(app, claim, start + offset);
      }),
    );
  }
  return claims;
}

async function refusalOf(promise: Promise<unknown>): Promise<PaymentError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PaymentError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

/** Every claim's state against every line of the area's batches, read from the table. */
async function holdings(app: BankFilesApp, area: string, paymentKeys: readonly string[]): Promise<string[]> {
  const problems: string[] = [];
  const batches = await app.repo.batchesOfArea(area);
  const lines = (await Promise.all(batches.map((batch) => app.repo.lines(batch.batchId)))).flat();
  for (const key of paymentKeys) {
    const claim = await app.repo.getReady(key);
    const holding = lines.filter((line) => line.paymentKey === key && line.status === 'OPEN');
    if (holding.length > 1) problems.push(`${key}: in ${holding.length} batches`);
    if (claim?.status === 'READY' && holding.length > 0) problems.push(`${key}: released but still listed as in ${holding[0]?.batchId}`);
    if (claim?.status === 'IN_BATCH' && holding[0]?.paymentLineId !== claim.paymentLineId) problems.push(`${key}: IN_BATCH ${claim.paymentLineId} but its open line is ${holding[0]?.paymentLineId}`);
  }
  return problems;
}

describe('a batch that was not exported can be cancelled and its claims rebuilt into a new batch', () => {
  it('cancel an approved batch: approvals voided, who/when/why recorded, claims released, event out; a rebuild takes them all', async () => {
    const area = freshArea();
    const app = engines().app();
    const claims = await readyWithAccounts(app, 'cancel', area, 7);
    const { batch } = await buildBatch(app, as(maker, area), { subsidyKind: 'DIRECT_CERTIFICATE_SUBSIDY' });
    await approveBatch(app, as(checker, area), batch.batchId, totalsOf(batch));

    expect((await refusalOf(cancelBatch(app, as(outsider, '520302'), batch.batchId, '账户有误'))).code).toBe('PAYMENT_OUTSIDE_AREA');
    const cancelled = await cancelBatch(app, as(maker, area), batch.batchId, '收款账户待核实，重新组批');
    expect(cancelled).toMatchObject({
      status: 'CANCELLED',
      approvals: [],
      cancellation: { by: maker.sub, name: maker.name, reason: '收款账户待核实，重新组批', voidedApprovals: [{ by: checker.sub }], released: 7 },
    });
    expect(await app.repo.getBatch(batch.batchId)).toMatchObject({ status: 'CANCELLED', version: cancelled.version, totals: batch.totals });
    expect((await app.repo.lines(batch.batchId)).map((line) => line.status)).toEqual(Array(7).fill('CANCELLED'));
    for (const claim of claims) expect(await app.repo.getReady(claim.paymentKey)).toMatchObject({ status: 'READY', releasedFrom: batch.batchId });
    expect(await app.repo.cancellingBatches()).toEqual([]);
    const events = (await engines().scan()).filter((item) => item.eventDetailType === 'PaymentBatch.Cancelled' && String(item.eventDetail).includes(batch.batchId));
    expect(events).toHaveLength(1);
    expect(JSON.parse(String(events[0]?.eventDetail))).toMatchObject({ released: 7, reason: '收款账户待核实，重新组批', totals: batch.totals });

    // Repeating the cancel answers the cancelled batch, changing nothing; nothing else moves it.
    expect(await cancelBatch(app, as(checker, area), batch.batchId, '再次撤销')).toMatchObject({ status: 'CANCELLED', version: cancelled.version, cancellation: { reason: '收款账户待核实，重新组批' } });
    expect((await refusalOf(approveBatch(app, as(checker, area), batch.batchId, totalsOf(batch)))).code).toBe('PAYMENT_BATCH_STATE');
    expect((await refusalOf(exportBatch(app, as(maker, area), batch.batchId, 'pain.001'))).code).toBe('PAYMENT_BATCH_STATE');

    const rebuilt = await buildBatch(app, as(checker, area), { subsidyKind: 'DIRECT_CERTIFICATE_SUBSIDY' });
    expect(rebuilt.batch.batchId).not.toBe(batch.batchId);
    expect(rebuilt.batch.totals).toMatchObject({ count: 7, sumFen: totalsOf(batch).sumFen });
    expect(await holdings(app, area, claims.map((claim) => claim.paymentKey))).toEqual([]);
    for (const claim of claims) expect(await app.repo.getReady(claim.paymentKey)).toMatchObject({ status: 'IN_BATCH', batchId: rebuilt.batch.batchId });
  });

  it('an exported batch cannot be cancelled (the bank may pay it at any moment): only its bank answer settles it', async () => {
    const area = freshArea();
    const app = engines().app();
    await readyWithAccounts(app, 'exported', area, 2);
    const { batch } = await buildBatch(app, as(maker, area), { subsidyKind: 'DIRECT_CERTIFICATE_SUBSIDY' });
    await approveBatch(app, as(checker, area), batch.batchId, totalsOf(batch));
    await exportBatch(app, as(maker, area), batch.batchId, 'csv', 'UTF-8');
    const refusal = await refusalOf(cancelBatch(app, as(maker, area), batch.batchId, '银行尚未处理'));
    expect(refusal).toMatchObject({ code: 'PAYMENT_BATCH_STATE', status: 409 });
    expect(refusal.detail).toContain('已导出');
    expect((await app.repo.lines(batch.batchId)).every((line) => line.status === 'OPEN')).toBe(true);
  });

  it('an account changed after approval: the export is blocked, the batch is cancelled and rebuilt with the new account, and that one exports', async () => {
    const area = freshArea();
    const app = engines().app();
    const [claim] = await readyWithAccounts(app, 'rebuild', area, 2);
    if (claim === undefined) throw new Error('no claim');
    const { batch } = await buildBatch(app, as(maker, area), { subsidyKind: 'DIRECT_CERTIFICATE_SUBSIDY' });
    await approveBatch(app, as(checker, area), batch.batchId, totalsOf(batch));
    await registerAccount(app, claim.payee, { kind: 'OWN_BANK_ACCOUNT', holderName: claim.payeeName, bankName: '农业银行', accountNumber: '6228480000000009' }, 'trainee');
    expect((await refusalOf(exportBatch(app, as(maker, area), batch.batchId, 'pain.001'))).code).toBe('PAYMENT_ACCOUNTS_CHANGED');
    await cancelBatch(app, as(maker, area), batch.batchId, '收款账户变更');
    const { batch: next } = await buildBatch(app, as(maker, area), { subsidyKind: 'DIRECT_CERTIFICATE_SUBSIDY' });
    await approveBatch(app, as(checker, area), next.batchId, totalsOf(next));
    const file = await exportBatch(app, as(maker, area), next.batchId, 'pain.001');
    expect(await (await fetch(file.url)).text()).toContain('<Id>6228480000000009</Id>');
  });

  it('cancel racing an approval, and cancel racing an export: exactly one wins, and the claims follow the winner', async () => {
    for (const [round, rival] of (['approve', 'export', 'approve', 'export', 'approve', 'export'] as const).entries()) {
      const area = freshArea();
      const app = engines().app();
      const claims = await readyWithAccounts(app, `race${round}`, area, 3);
      const { batch } = await buildBatch(app, as(maker, area), { subsidyKind: 'DIRECT_CERTIFICATE_SUBSIDY' });
      if (rival === 'export') await approveBatch(app, as(checker, area), batch.batchId, totalsOf(batch));
      const [cancel, other] = await Promise.allSettled([
        cancelBatch(app, as(maker, area), batch.batchId, '并发撤销'),
        rival === 'approve' ? approveBatch(app, as(checker, area), batch.batchId, totalsOf(batch)) : exportBatch(app, as(checker, area), batch.batchId, 'pain.001'),
      ]);
      const winners = [cancel, other].filter((outcome) => outcome.status === 'fulfilled');
      const stored = await app.repo.getBatch(batch.batchId);
      // An approval that commits before the cancel even reads the batch is no race: an approved,
      // unexported batch may be cancelled, so both succeed in that order, and the cancel must have
      // the last word. Every other interleaving has exactly one winner.
      const approvedThenCancelled = rival === 'approve' && winners.length === 2;
      if (approvedThenCancelled) expect(stored?.status, `round ${round}`).toBe('CANCELLED');
      else {
        expect(winners, `round ${round} (${rival})`).toHaveLength(1);
        const loser = [cancel, other].find((outcome) => outcome.status === 'rejected');
        expect(['PAYMENT_BATCH_CHANGED', 'PAYMENT_BATCH_STATE']).toContain((loser?.reason as PaymentError).code);
      }
      const released = (await Promise.all(claims.map((claim) => app.repo.getReady(claim.paymentKey)))).map((claim) => claim?.status);
      if (cancel.status === 'fulfilled') {
        expect(stored?.status).toBe('CANCELLED');
        expect(released).toEqual(['READY', 'READY', 'READY']);
      } else {
        expect(stored?.status).toBe(rival === 'approve' ? 'APPROVED' : 'EXPORTED');
        expect(released).toEqual(['IN_BATCH', 'IN_BATCH', 'IN_BATCH']);
      }
      expect(await holdings(app, area, claims.map((claim) => claim.paymentKey))).toEqual([]);
    }
  }, 120_000);
});

class Crash extends Error {}
let crashes = 0;

const RUNS = Number(process.env.CANCEL_CHAOS_RUNS ?? 12);
const ONLY_SEED = process.env.CANCEL_CHAOS_SEED === undefined ? undefined : Number(process.env.CANCEL_CHAOS_SEED);
const died = (error: unknown) => error instanceof Crash || (error instanceof Error && error.name === 'InternalServerError');

/** Retries a step that may die, as a clerk repeating the cancel would; checks the holdings after every death. */
async function untilDone<T>(step: () => Promise<T>, afterDeath: () => Promise<void>): Promise<T> {
  for (;;) {
    try {
      return await step();
    } catch (error) {
      if (!died(error)) throw error;
      await afterDeath();
    }
  }
}

async function crashRun(seed: number): Promise<string[]> {
  const random = seededRandom(seed);
  const area = `55${String(seed).padStart(4, '0')}`;
  const crashRate = 0.1 + random() * 0.3;
  const app = engines().app({
    crash: (point) => {
      if (point.startsWith('cancel:') && random() < crashRate) {
        crashes += 1;
        throw new Crash(point);
      }
    },
  });
  const calm = engines().app();
  // 1 to 4 release transactions of 49 lines.
  const claims = await readyWithAccounts(calm, `crash${seed}`, area, 20 + Math.floor(random() * 150));
  const keys = claims.map((claim) => claim.paymentKey);
  const { batch } = await buildBatch(calm, as(maker, area), { subsidyKind: 'DIRECT_CERTIFICATE_SUBSIDY' });
  if (random() < 0.5) await approveBatch(calm, as(checker, area), batch.batchId, totalsOf(batch));
  const problems: string[] = [];
  // The cancel dies at random points; a clerk repeats it (sometimes two at once), or after a
  // first death the sweep finishes it; meanwhile a builder takes whatever is released already.
  const cancellers = random() < 0.4 ? 2 : 1;
  const bySweep = random() < 0.3;
  const rivalBuild = random() < 0.5;
  // The holdings are read item by item, not as one snapshot: checked after each death only while nobody else writes.
  const alone = cancellers === 1 && !rivalBuild;
  const check = async () => {
    if (alone) problems.push(...(await holdings(calm, area, keys)));
  };
  const finalCheck = async () => problems.push(...(await holdings(calm, area, keys)));
  const work: Promise<unknown>[] = [];
  for (let n = 0; n < cancellers; n += 1) {
    work.push(
      bySweep
        ? cancelBatch(app, as(maker, area), batch.batchId, '撤销重组').catch(async (error: unknown) => {
            if (!died(error) && !(error instanceof PaymentError && error.code === 'PAYMENT_BATCH_CHANGED')) throw error;
            await check();
            await untilDone(() => completeAbandonedCancellations(app, -1, area), check);
          })
        : untilDone(() => cancelBatch(app, as(n === 0 ? maker : checker, area), batch.batchId, '撤销重组'), check).catch((error: unknown) => {
            // Two cancellers: the one that lost the first write is told the batch changed.
            if (!(error instanceof PaymentError && error.code === 'PAYMENT_BATCH_CHANGED')) throw error;
          }),
    );
  }
  if (rivalBuild) work.push(buildBatch(calm, as(checker, area), { subsidyKind: 'DIRECT_CERTIFICATE_SUBSIDY' }).catch((error: unknown) => (error instanceof PaymentError ? undefined : Promise.reject(error))));
  await Promise.all(work);
  // Whatever the cancellers left half-done, the sweep completes.
  await untilDone(() => completeAbandonedCancellations(calm, -1, area), check);
  await finalCheck();

  const stored = await calm.repo.getBatch(batch.batchId);
  if (stored?.status !== 'CANCELLED') problems.push(`batch ${stored?.status} after the cancellation`);
  if (stored?.cancellation?.released !== claims.length) problems.push(`released ${stored?.cancellation?.released} of ${claims.length}`);
  const cancelledEvents = (await engines().scan()).filter((item) => item.eventDetailType === 'PaymentBatch.Cancelled' && String(item.eventDetail).includes(batch.batchId));
  if (cancelledEvents.length !== 1) problems.push(`${cancelledEvents.length} PaymentBatch.Cancelled events`);
  // Rebuild: every claim ends in exactly one open batch, nothing lost.
  await buildBatch(calm, as(maker, area), { subsidyKind: 'DIRECT_CERTIFICATE_SUBSIDY' }).catch((error: unknown) => (error instanceof PaymentError ? undefined : Promise.reject(error)));
  await finalCheck();
  for (const key of keys) {
    const claim = await calm.repo.getReady(key);
    if (claim?.status !== 'IN_BATCH' || claim.batchId === batch.batchId) problems.push(`${key}: ${claim?.status} in ${claim?.batchId} after the rebuild`);
  }
  return [...new Set(problems)];
}

describe('cancellation crash points (seeded): a retry or the sweep completes it, no claim ever held twice or released while listed', () => {
  it(`${ONLY_SEED === undefined ? RUNS : 1} runs`, async () => {
    const seeds = ONLY_SEED === undefined ? Array.from({ length: RUNS }, (_, i) => 2000 + i) : [ONLY_SEED];
    const failures: string[] = [];
    for (let start = 0; start < seeds.length; start += 4) {
      const outcomes = await Promise.all(seeds.slice(start, start + 4).map(async (seed) => ({ seed, problems: await crashRun(seed).catch((error: unknown) => [`run failed: ${String(error)}`]) })));
      for (const { seed, problems } of outcomes) failures.push(...problems.map((problem) => `seed ${seed}: ${problem}`));
    }
    console.log(`cancellation crash points: ${seeds.length} runs, ${crashes} injected crashes, ${failures.length} violations`);
    expect(failures.slice(0, 20)).toEqual([]);
    if (seeds.length >= 4) expect(crashes).toBeGreaterThan(0);
  }, 600_000);
});
