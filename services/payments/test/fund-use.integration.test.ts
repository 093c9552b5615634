/**
 * 资金使用公示 on DynamoDB Local: a reconciled batch publishes what the bank paid, masked, per
 * area and month; a return takes the payment off again; redeliveries and races between the two
 * never leave a returned payment on the list or the totals off by one entry.
 */
import { describe, expect, it } from 'vitest';
import { simulateBank } from '../../../local/src/bank/bank-simulator';
import { seededRandom } from '../../../local/src/bank/seeded-random';
import { approveBatch } from '../src/app/approve-batch';
import { buildBatch } from '../src/app/build-batch';
import { exportBatch } from '../src/app/export-batch';
import { exportFundUse, listFundUse, publishReconciledBatch, retractReturnedPayment } from '../src/app/fund-use';
import { importResults } from '../src/app/import-results';
import type { BankFilesApp } from '../src/app/ports';
import { projectReadyClaim } from '../src/app/ready-claims';
import type { FundUseTarget } from '../src/domain/fund-use';
import { shanghaiMonth } from '../src/domain/shanghai-time';
import { accountFor, checker, maker, readyClaim } from './support/fixtures';
import { usePaymentsEngines } from './support/payments-engines';

const engines = usePaymentsEngines();
let runs = 0;
const freshArea = () => `54${String(1000 + (runs += 1)).padStart(4, '0')}`;
const as = (actor: typeof maker, areaCode: string) => ({ ...actor, areaCode });

async function reconciledBatch(app: BankFilesApp, area: string, run: string, count: number, seed: number) {
  for (let n = 0; n < count; n += 1) {
    const claim = readyClaim(run, n, { areaCode: area });
    await projectReadyClaim(app, claim);
    await accountFor(app, claim, n);
  }
  const { batch } = await buildBatch(app, as(maker, area), { subsidyKind: 'DIRECT_CERTIFICATE_SUBSIDY' });
  await approveBatch(app, as(checker, area), batch.batchId, batch.totals ?? { count: 0, sumFen: 0, hash: '' });
  const file = await exportBatch(app, as(maker, area), batch.batchId, 'pain.001');
  const pain001 = Buffer.from(await (await fetch(file.url)).arrayBuffer());
  const bank = simulateBank(pain001, { seed, failureRate: 0.25, returnRate: 0.3, now: new Date() });
  await importResults(app, as(maker, area), batch.batchId, bank.pain002);
  const reconciled = await app.repo.getBatch(batch.batchId);
  if (reconciled?.reconciledAt === undefined) throw new Error('the batch did not reconcile');
  return { batch: reconciled, bank, month: shanghaiMonth(reconciled.reconciledAt) };
}

/** What the list must show: the lines paid and not returned, recomputed from the batch's own lines. */
async function paidLines(app: BankFilesApp, batchId: string) {
  return (await app.repo.lines(batchId)).filter((line) => line.status === 'PAID');
}

// Each case runs whole batches through DynamoDB Local and the S3 emulator: minutes, not seconds, when the machine is busy.
describe('资金使用公示 (fund-use disclosure) after reconciliation', { timeout: 180_000 }, () => {
  it('publishes every paid line of a reconciled batch masked, once however often the event arrives; the totals are the paid lines recomputed', async () => {
    const app = engines().app();
    const area = freshArea();
    const { batch, bank, month } = await reconciledBatch(app, area, 'publish', 16, 7);
    expect(bank.rejected.length).toBeGreaterThan(0);

    const first = await publishReconciledBatch(app, batch.batchId);
    const again = await publishReconciledBatch(app, batch.batchId);
    const paid = await paidLines(app, batch.batchId);
    expect(first).toEqual({ published: paid.length, already: 0 });
    expect(again).toEqual({ published: 0, already: paid.length });

    const list = await listFundUse(app, { areaCode: area, month });
    expect(list.entries.map((entry) => entry.paymentLineId).sort()).toEqual(paid.map((line) => line.paymentLineId).sort());
    expect(list.totals).toEqual([{ subsidyKind: 'DIRECT_CERTIFICATE_SUBSIDY', count: paid.length, sumFen: paid.reduce((sum, line) => sum + line.amountFen, 0) }]);
    for (const entry of list.entries) {
      expect(entry.payeeName).toMatch(/^\p{Script=Han}\*+\p{Script=Han}?$/u);
      expect(entry.certificateNumber).toMatch(/^.{6}\*+.{4}$/);
      expect(entry).toMatchObject({ occupationName: '保育师', level: 'LEVEL_4', levelLabel: '四级/中级工' });
    }
    // Another area or month shows nothing of it.
    expect((await listFundUse(app, { areaCode: freshArea(), month })).entries).toEqual([]);
    expect((await listFundUse(app, { areaCode: area, month: '2020-01' })).totals).toEqual([]);
  });

  it('a payment the bank returns later leaves the list and the totals, once however often the return arrives', async () => {
    const app = engines().app();
    const area = freshArea();
    const { batch, bank, month } = await reconciledBatch(app, area, 'return', 16, 21);
    await publishReconciledBatch(app, batch.batchId);
    if (bank.camt054 === undefined) throw new Error('seed 21 must return some payments');
    await importResults(app, as(maker, area), batch.batchId, bank.camt054);
    const returned = (await app.repo.lines(batch.batchId)).filter((line) => line.status === 'RETURNED');
    expect(returned.length).toBe(bank.returned.length);
    for (const line of [...returned, ...returned]) await retractReturnedPayment(app, line);

    const paid = await paidLines(app, batch.batchId);
    const list = await listFundUse(app, { areaCode: area, month });
    expect(list.entries.map((entry) => entry.paymentLineId).sort()).toEqual(paid.map((line) => line.paymentLineId).sort());
    expect(list.totals[0]).toMatchObject({ count: paid.length, sumFen: paid.reduce((sum, line) => sum + line.amountFen, 0) });
  });

  it('a return that arrives before its batch is reconciled publishes nothing, and the later publication leaves the returned line out', async () => {
    const app = engines().app();
    const area = freshArea();
    const { batch, bank } = await reconciledBatch(app, area, 'early-return', 12, 33);
    if (bank.camt054 === undefined) throw new Error('seed 33 must return some payments');
    await importResults(app, as(maker, area), batch.batchId, bank.camt054);
    const unreconciled = { ...batch, reconciledAt: undefined };
    const line = (await app.repo.lines(batch.batchId)).find((candidate) => candidate.status === 'RETURNED');
    if (line === undefined) throw new Error('no returned line');
    // Seen from a batch not yet reconciled, there is nothing to retract.
    const beforeReconciliation: BankFilesApp = { ...app, repo: Object.assign(Object.create(app.repo) as typeof app.repo, { getBatch: async () => unreconciled }) };
    expect(await retractReturnedPayment(beforeReconciliation, line)).toBe('not-published');
    await publishReconciledBatch(app, batch.batchId);
    const month = shanghaiMonth(batch.reconciledAt ?? '');
    expect((await listFundUse(app, { areaCode: area, month })).entries.map((entry) => entry.paymentLineId)).not.toContain(line.paymentLineId);
  });

  it('pages with an opaque cursor and refuses a forged one; the CSV holds the whole month with a BOM and yuan amounts', async () => {
    const app = engines().app();
    const area = freshArea();
    const { batch, month } = await reconciledBatch(app, area, 'csv', 10, 5);
    await publishReconciledBatch(app, batch.batchId);
    const paid = await paidLines(app, batch.batchId);

    const csv = (await exportFundUse(app, { areaCode: area, month })).toString('utf8');
    expect(csv.startsWith('\uFEFF地区,月份,补贴类别,收款人,职业（工种）,等级,证书编号,金额（元）,对账日期\r\n')).toBe(true);
    const rows = csv.trim().split('\r\n').slice(1);
    expect(rows).toHaveLength(paid.length);
    const yuan = rows.map((row) => row.split(',')[7] ?? '');
    expect(yuan.every((amount) => /^\d+\.\d{2}$/.test(amount))).toBe(true);
    expect(yuan.reduce((sum, amount) => sum + Math.round(Number(amount) * 100), 0)).toBe(paid.reduce((sum, line) => sum + line.amountFen, 0));

    await expect(listFundUse(app, { areaCode: area, month, cursor: Buffer.from('{"pk":"BATCH#x"}').toString('base64url') })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(
      listFundUse(app, { areaCode: area, month, subsidyKind: 'TRAINING_SUBSIDY', cursor: Buffer.from(`LINE#DIRECT_CERTIFICATE_SUBSIDY#${paid[0]?.paymentLineId ?? ''}`).toString('base64url') }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describe('资金使用公示 under races (seeded, reproducible)', { timeout: 600_000 }, () => {
  const RUNS = 12;
  it(`${RUNS} seeded runs: publications and retractions delivered twice, shuffled and concurrent, leave exactly the unreturned payments and their sum`, async () => {
    const app = engines().app();
    for (let seed = 1; seed <= RUNS; seed += 1) {
      const random = seededRandom(seed);
      const area = freshArea();
      const month = '2026-12';
      const lines = Array.from({ length: 24 }, (_, n) => ({
        target: { areaCode: area, month, subsidyKind: 'TRAINING_SUBSIDY', paymentLineId: `pb${String(seed).padStart(16, '0')}-${String(n + 1).padStart(6, '0')}` } satisfies FundUseTarget,
        amountFen: 10_000 + Math.floor(random() * 90_000),
        returned: random() < 0.4,
      }));
      const operations = lines.flatMap((line) => {
        const entry = {
          paymentLineId: line.target.paymentLineId,
          subsidyKind: 'TRAINING_SUBSIDY' as const,
          subsidyKindLabel: '培训补贴',
          payeeKind: 'INSTITUTION' as const,
          payeeName: '贵阳市示范职业培训学校',
          occupationName: '保育师',
          level: 'LEVEL_4' as const,
          levelLabel: '四级/中级工',
          certificateNumber: 'S00000****1234',
          amountFen: line.amountFen,
          reconciledAt: '2026-12-02T10:00:00+08:00',
        };
        const publish = () => app.fundUse.publish(line.target, entry);
        const retract = () => app.fundUse.retract(line.target, line.amountFen);
        const steps: (() => Promise<unknown>)[] = line.returned ? [publish, publish, retract, retract] : [publish, publish];
        return steps;
      });
      for (let i = operations.length - 1; i > 0; i -= 1) {
        const j = Math.floor(random() * (i + 1));
        const [a, b] = [operations[i], operations[j]];
        if (a !== undefined && b !== undefined) [operations[i], operations[j]] = [b, a];
      }
      await Promise.all(operations.map((operation) => operation()));

      const kept = lines.filter((line) => !line.returned);
      const list = await listFundUse(app, { areaCode: area, month });
      expect(list.entries.map((entry) => entry.paymentLineId).sort(), `seed ${seed}`).toEqual(kept.map((line) => line.target.paymentLineId).sort());
      expect(list.totals, `seed ${seed}`).toEqual(kept.length === 0 ? [] : [{ subsidyKind: 'TRAINING_SUBSIDY', count: kept.length, sumFen: kept.reduce((sum, line) => sum + line.amountFen, 0) }]);
    }
  });
});
