import type { BankOutcome, BankResultEntry } from './bank-files/bank-result';
import type { BankLineStatus, BatchLine, LineStatus } from './batch';

/** What a bank answer may not do silently (G2P Bridge's error table): each becomes an exception for finance staff. */
export const EXCEPTION_KINDS = {
  UNKNOWN_REFERENCE: '银行回单引用了不存在的付款明细',
  AMOUNT_MISMATCH: '银行金额与付款明细金额不符',
  ACCOUNT_MISMATCH: '银行账号与付款明细账号不符',
  DUPLICATE_SETTLEMENT: '银行重复报告同一笔付款成功，未重复记账',
  CONFLICTING_STATUS: '银行报告的结果与该笔已有结果矛盾',
  RETURN_WITHOUT_PAYMENT: '银行报告退回一笔未成功支付的款项',
  DUPLICATE_IN_FILE: '同一文件中同一付款明细出现多次',
} as const;
export type ExceptionKind = keyof typeof EXCEPTION_KINDS;

export type LineDecision =
  | { readonly kind: 'apply'; readonly from: LineStatus; readonly to: BankOutcome }
  | { readonly kind: 'already-applied' }
  | { readonly kind: 'exception'; readonly exception: ExceptionKind };

/**
 * The one place that decides what a bank answer does to a line. The write that follows is
 * conditioned on `from`, so a decision taken on a stale read is refused by the database and
 * taken again. A file that already changed this line (an import resumed after a crash) changes
 * it no further.
 */
export function decide(line: BatchLine | undefined, entry: BankResultEntry, fileHash: string, accountOf: (line: BatchLine) => string): LineDecision {
  if (line === undefined) return { kind: 'exception', exception: 'UNKNOWN_REFERENCE' };
  if (line.settledByFile === fileHash && line.status === entry.outcome) return { kind: 'already-applied' };
  if (entry.amountFen !== undefined && entry.amountFen !== line.amountFen) return { kind: 'exception', exception: 'AMOUNT_MISMATCH' };
  if (entry.account !== undefined && entry.account !== accountOf(line)) return { kind: 'exception', exception: 'ACCOUNT_MISMATCH' };
  switch (entry.outcome) {
    case 'PAID':
      if (line.status === 'OPEN') return { kind: 'apply', from: 'OPEN', to: 'PAID' };
      return { kind: 'exception', exception: line.status === 'PAID' ? 'DUPLICATE_SETTLEMENT' : 'CONFLICTING_STATUS' };
    case 'FAILED':
      if (line.status === 'OPEN') return { kind: 'apply', from: 'OPEN', to: 'FAILED' };
      return { kind: 'exception', exception: 'CONFLICTING_STATUS' };
    case 'RETURNED':
      if (line.status === 'PAID') return { kind: 'apply', from: 'PAID', to: 'RETURNED' };
      return { kind: 'exception', exception: line.status === 'OPEN' ? 'RETURN_WITHOUT_PAYMENT' : 'CONFLICTING_STATUS' };
  }
}

export const FINAL_LINE_STATUSES: readonly LineStatus[] = ['PAID', 'FAILED', 'RETURNED'];

export interface ReconciliationReport {
  readonly control: { readonly count: number; readonly sumFen: number };
  /** What the bank confirmed as paid and not returned. */
  readonly bank: { readonly paidCount: number; readonly paidSumFen: number };
  readonly byStatus: Readonly<Record<BankLineStatus, { count: number; sumFen: number }>>;
  readonly exceptions: number;
  readonly complete: boolean;
}

/** Lines of a cancelled batch were never sent to a bank: they count nowhere. */
export function reconciliationOf(all: readonly Pick<BatchLine, 'status' | 'amountFen'>[], exceptions: number): ReconciliationReport {
  const lines = all.filter((line): line is Pick<BatchLine, 'amountFen'> & { status: BankLineStatus } => line.status !== 'CANCELLED');
  const byStatus: Record<BankLineStatus, { count: number; sumFen: number }> = {
    OPEN: { count: 0, sumFen: 0 },
    PAID: { count: 0, sumFen: 0 },
    FAILED: { count: 0, sumFen: 0 },
    RETURNED: { count: 0, sumFen: 0 },
  };
  for (const line of lines) {
    byStatus[line.status].count += 1;
    byStatus[line.status].sumFen += line.amountFen;
  }
  return {
    control: { count: lines.length, sumFen: lines.reduce((sum, line) => sum + line.amountFen, 0) },
    bank: { paidCount: byStatus.PAID.count, paidSumFen: byStatus.PAID.sumFen },
    byStatus,
    exceptions,
    complete: byStatus.OPEN.count === 0,
  };
}
