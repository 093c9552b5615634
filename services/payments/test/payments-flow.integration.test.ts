/**
 * The whole loop on the use cases, against DynamoDB Local and the S3 emulator: ready claims →
 * batch → four-eyes approval → pain.001 → simulated bank → pain.002/camt.054 import → reconciled,
 * with the refusals that keep public money from being paid twice.
 */
import { describe, expect, it } from 'vitest';
import { simulateBank } from '../../../local/src/bank/bank-simulator';
import { approveBatch } from '../src/app/approve-batch';
import { buildBatch } from '../src/app/build-batch';
import { exportBatch } from '../src/app/export-batch';
import { importResults } from '../src/app/import-results';
import { registerAccount } from '../src/app/payee-accounts';
import { projectReadyClaim } from '../src/app/ready-claims';
import { retryPayment } from '../src/app/retry-payment';
import type { BankFilesApp } from '../src/app/ports';
import type { Batch } from '../src/domain/batch';
import { accountFor, checker, maker, outsider, readyClaim, secondChecker } from './support/fixtures';
import { usePaymentsEngines } from './support/payments-engines';
import { schemaErrors } from './support/xsd';

const engines = usePaymentsEngines();
let runs = 0;
/** Each test its own area, so ready claims of one test never land in another's batch. */
const freshArea = () => `53${String(1000 + (runs += 1)).padStart(4, '0')}`;

async function readyWithAccounts(app: BankFilesApp, run: string, area: string, count: number, amountFen?: number) {
  const claims = Array.from({ length: count }, (_, n) => readyClaim(run, n, { areaCode: area, ...(amountFen === undefined ? {} : { amountFen }) }));
  for (const [n, claim] of claims.entries()) {
    await projectReadyClaim(app, claim);
    await accountFor(app, claim, n);
  }
  return claims;
}

const as = (actor: typeof maker, areaCode: string) => ({ ...actor, areaCode });

async function refusalOf(promise: Promise<unknown>): Promise<{ code: string; detail: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; detail: string };
  }
  throw new Error('expected a refusal');
}

async function exportedBatch(app: BankFilesApp, area: string, run: string, count: number): Promise<{ batch: Batch; pain001: Buffer }> {
  await readyWithAccounts(app, run, area, count);
  const { batch } = await buildBatch(app, as(maker, area), { subsidyKind: 'DIRECT_CERTIFICATE_SUBSIDY' });
  await approveBatch(app, as(checker, area), batch.batchId, batch.totals ?? { count: 0, sumFen: 0, hash: '' });
  const file = await exportBatch(app, as(maker, area), batch.batchId, 'pain.001');
  return { batch, pain001: Buffer.from(await (await fetch(file.url)).arrayBuffer()) };
}

describe('Art. 29 subsidies are paid once: batch, four eyes, bank file, reconciliation', () => {
  it('a redelivered Claim.ReadyForPayment changes nothing (deduplicated by paymentKey)', async () => {
    const app = engines().app();
    const claim = readyClaim('dedupe', 1, { areaCode: freshArea() });
    expect(await projectReadyClaim(app, claim)).toBe(true);
    expect(await projectReadyClaim(app, { ...claim, amountFen: 1 })).toBe(false);
    expect((await app.repo.getReady(claim.paymentKey))?.amountFen).toBe(claim.amountFen);
  });

  it('the whole loop: built with control totals, approved by another, exported (XSD-valid, same bytes again), bank results imported once, reconciled, events out', async () => {
    const area = freshArea();
    const app = engines().app();
    const claims = await readyWithAccounts(app, 'loop', area, 30);
    const report = await buildBatch(app, as(maker, area), { subsidyKind: 'DIRECT_CERTIFICATE_SUBSIDY' });
    const { batch } = report;
    expect(batch.status).toBe('SEALED');
    expect(batch.totals).toMatchObject({ count: 30, sumFen: claims.reduce((sum, claim) => sum + claim.amountFen, 0) });

    // The maker cannot approve; another finance user of the area can, against the totals.
    expect((await refusalOf(approveBatch(app, as(maker, area), batch.batchId, batch.totals ?? { count: 0, sumFen: 0, hash: '' }))).code).toBe('PAYMENT_MAKER_CANNOT_APPROVE');
    expect((await refusalOf(exportBatch(app, as(maker, area), batch.batchId, 'pain.001'))).code).toBe('PAYMENT_BATCH_STATE');
    const approved = await approveBatch(app, as(checker, area), batch.batchId, batch.totals ?? { count: 0, sumFen: 0, hash: '' });
    expect(approved.status).toBe('APPROVED');

    const first = await exportBatch(app, as(maker, area), batch.batchId, 'pain.001');
    const xml = Buffer.from(await (await fetch(first.url)).arrayBuffer());
    expect(schemaErrors('pain.001.001.09', xml)).toEqual([]);
    expect(xml.toString()).toContain(`<MsgId>${batch.batchId}</MsgId>`);
    expect(xml.toString()).toContain('<Id>6217000000000000</Id>');
    const again = await exportBatch(app, as(maker, area), batch.batchId, 'pain.001');
    expect(Buffer.from(await (await fetch(again.url)).arrayBuffer()).equals(xml)).toBe(true);

    const bank = simulateBank(xml, { seed: 11, failureRate: 0.2, returnRate: 0.1, now: new Date() });
    const imported = await importResults(app, as(maker, area), batch.batchId, bank.pain002);
    expect(imported).toMatchObject({ alreadyImported: false, applied: 30, exceptions: 0 });
    expect(imported.reconciliation.complete).toBe(true);
    expect((await app.repo.getBatch(batch.batchId))?.status).toBe('RECONCILED');

    const twice = await importResults(app, as(maker, area), batch.batchId, bank.pain002);
    expect(twice).toMatchObject({ alreadyImported: true, applied: 0 });

    if (bank.camt054 !== undefined) {
      const returned = await importResults(app, as(maker, area), batch.batchId, bank.camt054);
      expect(returned.applied).toBe(bank.returned.length);
      expect(returned.reconciliation.byStatus.RETURNED.count).toBe(bank.returned.length);
    }
    const items = await engines().scan();
    const events = items.filter((item) => String(item.pk).startsWith('OUTBOX#')).map((item) => JSON.parse(String(item.eventDetail)) as { batchId?: string });
    const ofBatch = items.filter((item) => String(item.pk).startsWith('OUTBOX#') && (JSON.parse(String(item.eventDetail)) as { batchId?: string }).batchId === batch.batchId);
    const types = ofBatch.map((item) => String(item.eventDetailType));
    expect(types.filter((type) => type === 'Payment.Settled')).toHaveLength(bank.settled.length);
    expect(types.filter((type) => type === 'Payment.Failed')).toHaveLength(bank.rejected.length);
    expect(types.filter((type) => type === 'Payment.Returned')).toHaveLength(bank.returned.length);
    expect(types).toEqual(expect.arrayContaining(['PaymentBatch.Sealed', 'PaymentBatch.Approved', 'PaymentBatch.Exported', 'PaymentBatch.Reconciled']));
    expect(events.length).toBeGreaterThan(0);
    // Account numbers are sealed in the table: no item holds one in clear.
    expect(JSON.stringify(items.filter((item) => !String(item.pk).startsWith('OUTBOX#')))).not.toContain('6217000000000000');
  });

  it('above the threshold a second approver is needed; nobody approves twice; stated totals must match', async () => {
    const area = freshArea();
    const app = engines().app({ settings: { secondApproverThresholdFen: 100_000 } });
    await readyWithAccounts(app, 'six-eyes', area, 3, 60_000);
    const { batch } = await buildBatch(app, as(maker, area), { subsidyKind: 'DIRECT_CERTIFICATE_SUBSIDY' });
    expect(batch.requiredApprovals).toBe(2);
    const totals = batch.totals ?? { count: 0, sumFen: 0, hash: '' };
    expect((await refusalOf(approveBatch(app, as(checker, area), batch.batchId, { ...totals, sumFen: totals.sumFen + 1 }))).code).toBe('PAYMENT_CONTROL_TOTALS_MISMATCH');
    const once = await approveBatch(app, as(checker, area), batch.batchId, totals);
    expect(once).toMatchObject({ status: 'SEALED', approvals: [{ by: checker.sub }] });
    expect((await refusalOf(approveBatch(app, as(checker, area), batch.batchId, totals))).code).toBe('PAYMENT_ALREADY_APPROVED');
    expect((await refusalOf(approveBatch(app, as(outsider, '520302'), batch.batchId, totals))).code).toBe('PAYMENT_OUTSIDE_AREA');
    const twice = await approveBatch(app, as(secondChecker, area), batch.batchId, totals);
    expect(twice.status).toBe('APPROVED');
    expect(twice.approvals.map((approval) => approval.by)).toEqual([checker.sub, secondChecker.sub]);
  });

  it('a pain.002 whose original count or control sum disagrees with the batch is refused whole; a malformed file changes nothing', async () => {
    const area = freshArea();
    const app = engines().app();
    const { batch, pain001 } = await exportedBatch(app, area, 'totals', 5);
    const answer = simulateBank(pain001, { seed: 3, failureRate: 0, returnRate: 0, now: new Date() });
    const before = JSON.stringify(await app.repo.lines(batch.batchId));
    const wrongSum = Buffer.from(answer.pain002.toString().replace(/<OrgnlCtrlSum>[^<]+<\/OrgnlCtrlSum>/, '<OrgnlCtrlSum>1.00</OrgnlCtrlSum>'));
    expect((await refusalOf(importResults(app, as(maker, area), batch.batchId, wrongSum))).code).toBe('PAYMENT_RESULT_TOTALS_MISMATCH');
    const wrongCount = Buffer.from(answer.pain002.toString().replace('<OrgnlNbOfTxs>5</OrgnlNbOfTxs>', '<OrgnlNbOfTxs>6</OrgnlNbOfTxs>'));
    expect((await refusalOf(importResults(app, as(maker, area), batch.batchId, wrongCount))).code).toBe('PAYMENT_RESULT_TOTALS_MISMATCH');
    const broken = answer.pain002.subarray(0, answer.pain002.length - 40);
    expect((await refusalOf(importResults(app, as(maker, area), batch.batchId, broken))).code).toBe('PAYMENT_RESULT_FILE_MALFORMED');
    expect(JSON.stringify(await app.repo.lines(batch.batchId))).toBe(before);
    expect(await app.repo.exceptions(batch.batchId)).toEqual([]);
  });

  it('a bank reporting one payment twice, an amount mismatch and an unknown reference become exceptions, never a second payment', async () => {
    const area = freshArea();
    const app = engines().app();
    const { batch, pain001 } = await exportedBatch(app, area, 'twice', 3);
    const answer = simulateBank(pain001, { seed: 5, failureRate: 0, returnRate: 0, now: new Date() });
    await importResults(app, as(maker, area), batch.batchId, answer.pain002);
    const [line, other] = await app.repo.lines(batch.batchId);
    const head = '收款账号,收款账号名称,金额,处理结果,失败原因,备注\r\n';
    const amount = ((line?.amountFen ?? 0) / 100).toFixed(2);
    const csv = Buffer.from(
      `${head}6217000000000000,张三,${amount},成功,,${line?.paymentLineId}\r\n` +
        `6217000000000001,李四,0.01,成功,,${other?.paymentLineId}\r\n` +
        `6217000000000000,张三,1.00,成功,,${batch.batchId}-999999\r\n` +
        `6217000000000000,张三,${amount},成功,,${line?.paymentLineId}\r\n`,
    );
    const report = await importResults(app, as(maker, area), batch.batchId, csv);
    expect(report).toMatchObject({ applied: 0, exceptions: 4 });
    expect((await app.repo.exceptions(batch.batchId)).map((exception) => exception.kind).sort()).toEqual([
      'AMOUNT_MISMATCH',
      'DUPLICATE_IN_FILE',
      'DUPLICATE_SETTLEMENT',
      'UNKNOWN_REFERENCE',
    ]);
    const settled = (await engines().scan()).filter((item) => item.eventDetailType === 'Payment.Settled' && String(item.eventDetail).includes(line?.paymentLineId ?? '?'));
    expect(settled).toHaveLength(1);
  });

  it('a file that reports a payment and then its return applies both, in file order, with no exception', async () => {
    const area = freshArea();
    const app = engines().app();
    const { batch } = await exportedBatch(app, area, 'paid-returned', 2);
    const [line, other] = await app.repo.lines(batch.batchId);
    const row = (l: typeof line, outcome: string, reason = '') =>
      `${app.cipher.decrypt(l?.accountSealed ?? '')},${l?.payeeName},${((l?.amountFen ?? 0) / 100).toFixed(2)},${outcome},${reason},${l?.paymentLineId}\r\n`;
    const csv = Buffer.from(
      '收款账号,收款账号名称,金额,处理结果,失败原因,备注\r\n' + row(line, '成功') + row(other, '成功') + row(line, '退回', '账户已销户'),
    );
    const report = await importResults(app, as(maker, area), batch.batchId, csv);
    expect(report).toMatchObject({ applied: 3, exceptions: 0 });
    const after = new Map((await app.repo.lines(batch.batchId)).map((l) => [l.paymentLineId, l.status]));
    expect(after.get(line?.paymentLineId ?? '?')).toBe('RETURNED');
    expect(after.get(other?.paymentLineId ?? '?')).toBe('PAID');
    expect(report.reconciliation.bank).toEqual({ paidCount: 1, paidSumFen: other?.amountFen });
    // Imported again: the same file changes nothing.
    expect(await importResults(app, as(maker, area), batch.batchId, csv)).toMatchObject({ alreadyImported: true, applied: 0 });
  });

  it('a failed payment goes into a later batch only by an explicit retry decision after the account was corrected', async () => {
    const area = freshArea();
    const app = engines().app();
    const { batch, pain001 } = await exportedBatch(app, area, 'retry', 2);
    const answer = simulateBank(pain001, { seed: 1, failureRate: 1, returnRate: 0, now: new Date() });
    await importResults(app, as(maker, area), batch.batchId, answer.pain002);
    const [line] = await app.repo.lines(batch.batchId);
    const key = line?.paymentKey ?? '';
    expect((await app.repo.getReady(key))?.status).toBe('FAILED');
    expect((await refusalOf(buildBatch(app, as(maker, area), { subsidyKind: 'DIRECT_CERTIFICATE_SUBSIDY' }))).code).toBe('PAYMENT_BATCH_EMPTY');
    expect((await refusalOf(retryPayment(app, as(checker, area), key))).code).toBe('PAYMENT_RETRY_NOT_ALLOWED');
    const claim = await app.repo.getReady(key);
    await registerAccount(app, claim?.payee ?? { kind: 'TRAINEE', traineeId: '?' }, { kind: 'OWN_BANK_ACCOUNT', holderName: claim?.payeeName ?? '', bankName: '工商银行', accountNumber: '6222020000000001' }, 'trainee');
    await retryPayment(app, as(checker, area), key);
    const next = await buildBatch(app, as(maker, area), { subsidyKind: 'DIRECT_CERTIFICATE_SUBSIDY' });
    expect(next.batch.totals?.count).toBe(1);
    expect((await app.repo.lines(next.batch.batchId))[0]?.accountMasked).toBe('6222********0001');
  });

  it('finance of another area can neither build from, approve, export nor import this area’s batches', async () => {
    const area = freshArea();
    const app = engines().app();
    const { batch } = await exportedBatch(app, area, 'access', 1);
    const elsewhere = as(outsider, '520302');
    expect((await refusalOf(exportBatch(app, elsewhere, batch.batchId, 'csv'))).code).toBe('PAYMENT_OUTSIDE_AREA');
    expect((await refusalOf(importResults(app, elsewhere, batch.batchId, Buffer.from('x')))).code).toBe('PAYMENT_OUTSIDE_AREA');
    expect((await refusalOf(buildBatch(app, { ...maker, areaCode: undefined }, { subsidyKind: 'DIRECT_CERTIFICATE_SUBSIDY' }))).code).toBe('PAYMENT_OUTSIDE_AREA');
  });

  it('two registrations of one account that race: the database refuses the later one with a conflict, not a 500, and the first stands', async () => {
    const app = engines().app();
    const payee = { kind: 'INSTITUTION' as const, institutionId: 'ins_race' };
    const registration = { kind: 'SETTLEMENT_ACCOUNT' as const, holderName: '竞态培训学校', bankName: '贵阳银行', accountNumber: '6228480000001111' };
    await registerAccount(app, payee, registration, 'school-a');
    // The second registration read the account before the first wrote it: its read is stale.
    const stale: BankFilesApp = { ...app, repo: Object.assign(Object.create(app.repo) as BankFilesApp['repo'], { payeeAccount: async () => undefined }) };
    const refusal = await refusalOf(registerAccount(stale, payee, { ...registration, accountNumber: '6228480000002222' }, 'school-b'));
    expect(refusal.code).toBe('PAYMENT_ACCOUNT_CONFLICT');
    const stored = await app.repo.payeeAccount('INSTITUTION:ins_race');
    expect(stored).toMatchObject({ version: 1, accountMasked: '6228********1111', updatedBy: 'school-a' });
  });

  it('an account changed after approval blocks the export until the batch is rebuilt', async () => {
    const area = freshArea();
    const app = engines().app();
    const claims = await readyWithAccounts(app, 'changed', area, 2);
    const { batch } = await buildBatch(app, as(maker, area), { subsidyKind: 'DIRECT_CERTIFICATE_SUBSIDY' });
    await approveBatch(app, as(checker, area), batch.batchId, batch.totals ?? { count: 0, sumFen: 0, hash: '' });
    const claim = claims[0];
    if (claim === undefined) throw new Error('no claim');
    await registerAccount(app, claim.payee, { kind: 'OWN_BANK_ACCOUNT', holderName: claim.payeeName, bankName: '农业银行', accountNumber: '6228480000000009' }, 'trainee');
    expect((await refusalOf(exportBatch(app, as(maker, area), batch.batchId, 'pain.001'))).code).toBe('PAYMENT_ACCOUNTS_CHANGED');
  });
});
