/** The payment rules without I/O: money in fen, control totals, four eyes, what a bank answer may do. */
import { describe, expect, it } from 'vitest';
import { approve, batchIdOfLine, newBatchId, paymentLineIdOf, requiredApprovalsFor, type Batch, type BatchLine } from '../src/domain/batch';
import type { BankResultEntry } from '../src/domain/bank-files/bank-result';
import { controlTotalsOf } from '../src/domain/control-totals';
import { PaymentError } from '../src/domain/errors';
import { fenOf, yuanOf } from '../src/domain/money';
import { maskAccount, sameHolder } from '../src/domain/payee-account';
import { decide } from '../src/domain/reconciliation';

const line = (id: string, amountFen: number) => ({ paymentLineId: id, paymentKey: `k${id}`, payeeRef: 'TRAINEE:t', accountFingerprint: 'f', amountFen });

describe('money in fen, files in yuan', () => {
  it('writes exactly two decimals and reads them back without floating point', () => {
    expect([yuanOf(0), yuanOf(5), yuanOf(1230), yuanOf(10_000_000_001)]).toEqual(['0.00', '0.05', '12.30', '100000000.01']);
    expect([fenOf('12.30'), fenOf('12.3'), fenOf('12'), fenOf('0.07')]).toEqual([1230, 1230, 1200, 7]);
    expect([fenOf('1,000.00'), fenOf('-1.00'), fenOf('1.001'), fenOf('abc')]).toEqual([undefined, undefined, undefined, undefined]);
  });
});

describe('control totals: count, sum and a hash over the canonical lines', () => {
  it('do not depend on the order the lines were read in, and change with any amount, account or line', () => {
    const a = controlTotalsOf([line('1', 100), line('2', 250)]);
    expect(a).toMatchObject({ count: 2, sumFen: 350 });
    expect(controlTotalsOf([line('2', 250), line('1', 100)])).toEqual(a);
    expect(controlTotalsOf([line('1', 101), line('2', 249)]).hash).not.toBe(a.hash);
    expect(controlTotalsOf([line('1', 100), { ...line('2', 250), accountFingerprint: 'g' }]).hash).not.toBe(a.hash);
  });
});

describe('four eyes (UNICEF HOPE sign-off, growing with the amount)', () => {
  const totals = controlTotalsOf([line('1', 100)]);
  const batch: Batch = {
    batchId: 'pb0000000000000000',
    areaCode: '520102',
    subsidyKind: 'DIRECT_CERTIFICATE_SUBSIDY',
    status: 'SEALED',
    makerSub: 'maker',
    makerName: '陈',
    createdAt: '2027-01-01T00:00:00.000Z',
    totals,
    requiredApprovals: 1,
    approvals: [],
    version: 2,
  };
  const code = (action: () => unknown) => {
    try {
      action();
    } catch (error) {
      return (error as PaymentError).code;
    }
    return 'accepted';
  };

  it('the maker cannot approve; another approves against the same totals; a different total is refused', () => {
    expect(code(() => approve(batch, { sub: 'maker', name: '陈' }, totals, new Date()))).toBe('PAYMENT_MAKER_CANNOT_APPROVE');
    expect(code(() => approve(batch, { sub: 'checker', name: '林' }, { ...totals, count: 2 }, new Date()))).toBe('PAYMENT_CONTROL_TOTALS_MISMATCH');
    expect(approve(batch, { sub: 'checker', name: '林' }, totals, new Date())).toMatchObject({ complete: true, approvals: [{ by: 'checker' }] });
  });

  it('nobody approves twice; a second approver at or above ¥1,000,000; only a sealed batch is approved', () => {
    expect(requiredApprovalsFor(99_999_999, 100_000_000)).toBe(1);
    expect(requiredApprovalsFor(100_000_000, 100_000_000)).toBe(2);
    const twoNeeded = { ...batch, requiredApprovals: 2 };
    const first = approve(twoNeeded, { sub: 'a', name: 'A' }, totals, new Date());
    expect(first.complete).toBe(false);
    expect(code(() => approve({ ...twoNeeded, approvals: first.approvals }, { sub: 'a', name: 'A' }, totals, new Date()))).toBe('PAYMENT_ALREADY_APPROVED');
    expect(approve({ ...twoNeeded, approvals: first.approvals }, { sub: 'b', name: 'B' }, totals, new Date()).complete).toBe(true);
    expect(code(() => approve({ ...batch, status: 'EXPORTED' }, { sub: 'c', name: 'C' }, totals, new Date()))).toBe('PAYMENT_BATCH_STATE');
  });
});

describe('what a bank answer may do to a line', () => {
  const base = { status: 'OPEN', amountFen: 100, paymentLineId: 'pb0000000000000000-000001', accountSealed: 'acct' } as BatchLine;
  const paid: BankResultEntry = { endToEndId: base.paymentLineId, outcome: 'PAID', amountFen: 100, account: 'acct' };
  const account = (l: BatchLine) => l.accountSealed;

  it('settles an open line once; a second settlement is an exception, never a second payment', () => {
    expect(decide(base, paid, 'file1', account)).toEqual({ kind: 'apply', from: 'OPEN', to: 'PAID' });
    expect(decide({ ...base, status: 'PAID', settledByFile: 'file1' }, paid, 'file1', account)).toEqual({ kind: 'already-applied' });
    expect(decide({ ...base, status: 'PAID', settledByFile: 'file1' }, paid, 'file2', account)).toEqual({ kind: 'exception', exception: 'DUPLICATE_SETTLEMENT' });
  });

  it('mismatched amounts or accounts and unknown references are exceptions; a return needs a payment', () => {
    expect(decide(base, { ...paid, amountFen: 99 }, 'f', account)).toMatchObject({ exception: 'AMOUNT_MISMATCH' });
    expect(decide(base, { ...paid, account: 'other' }, 'f', account)).toMatchObject({ exception: 'ACCOUNT_MISMATCH' });
    expect(decide(undefined, paid, 'f', account)).toMatchObject({ exception: 'UNKNOWN_REFERENCE' });
    expect(decide(base, { ...paid, outcome: 'RETURNED' }, 'f', account)).toMatchObject({ exception: 'RETURN_WITHOUT_PAYMENT' });
    expect(decide({ ...base, status: 'PAID' }, { ...paid, outcome: 'RETURNED' }, 'f', account)).toEqual({ kind: 'apply', from: 'PAID', to: 'RETURNED' });
    expect(decide({ ...base, status: 'PAID' }, { ...paid, outcome: 'FAILED' }, 'f', account)).toMatchObject({ exception: 'CONFLICTING_STATUS' });
  });
});

describe('ids and accounts', () => {
  it('a payment line id fits the 35 characters of an EndToEndId and names its batch', () => {
    const batchId = newBatchId(Date.parse('2027-03-01T00:00:00Z'));
    const id = paymentLineIdOf(batchId, 50_000);
    expect(id.length).toBeLessThanOrEqual(35);
    expect(batchIdOfLine(id)).toBe(batchId);
    expect(batchIdOfLine('pbx-000001')).toBeUndefined();
  });

  it('account numbers are masked to the first and last four digits; holder names compare without blanks', () => {
    expect(maskAccount('6217995200001234567')).toBe('6217***********4567');
    expect(maskAccount('12345678')).toBe('****5678');
    expect(sameHolder(' 张 三', '张三')).toBe(true);
    expect(sameHolder('张三', '张山')).toBe(false);
  });
});
