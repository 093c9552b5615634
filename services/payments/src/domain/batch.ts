import type { CertificateLevel, Payee, SubsidyKind } from '@peixun/shared';
import type { ControlTotals } from './control-totals';
import { alreadyApproved, batchState, controlTotalsMismatch, makerCannotApprove } from './errors';
import { sameTotals } from './control-totals';

/**
 * A disbursement batch (拨付批次). BUILDING while lines are claimed, SEALED once its control
 * totals are fixed, APPROVED after four eyes (or six above the threshold), EXPORTED when the
 * bank file exists, RECONCILED when every line has a final bank answer. Before it is exported a
 * batch may be cancelled: CANCELLING while its claims are released chunk by chunk, CANCELLED
 * once every one is free for a new batch.
 */
export const BATCH_STATUSES = ['BUILDING', 'SEALED', 'APPROVED', 'EXPORTED', 'RECONCILED', 'CANCELLING', 'CANCELLED'] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

export const BATCH_STATUS_LABELS: Record<BatchStatus, string> = {
  BUILDING: '组批中',
  SEALED: '待审批',
  APPROVED: '已审批',
  EXPORTED: '已导出',
  RECONCILED: '已对账',
  CANCELLING: '撤销中',
  CANCELLED: '已撤销',
};

/**
 * Only a batch whose file was never exported can be cancelled: once exported the bank may pay
 * it at any moment, and releasing its claims into a new batch could pay them twice. An exported
 * batch the bank has not processed is settled by the bank's answer (a rejection fails its lines,
 * which then go into a later batch by the retry decision), never by cancelling it here.
 */
export const CANCELLABLE_STATUSES: readonly BatchStatus[] = ['SEALED', 'APPROVED'];

export interface Approval {
  readonly by: string;
  readonly name: string;
  readonly at: string;
}

export interface Batch {
  readonly batchId: string;
  readonly areaCode: string;
  readonly subsidyKind: SubsidyKind;
  readonly status: BatchStatus;
  readonly makerSub: string;
  readonly makerName: string;
  readonly createdAt: string;
  readonly totals?: ControlTotals;
  readonly requiredApprovals?: number;
  readonly approvals: readonly Approval[];
  /** Bumped by every change of the batch item; conditional writes compare it. */
  readonly version: number;
  readonly exportedAt?: string;
  readonly reconciledAt?: string;
  readonly cancellation?: Cancellation;
}

/** Who cancelled a batch, when and why, and the approvals the cancellation voided. */
export interface Cancellation {
  readonly by: string;
  readonly name: string;
  readonly at: string;
  readonly reason: string;
  readonly voidedApprovals: readonly Approval[];
  /** Set when the last claim was released. */
  readonly completedAt?: string;
  readonly released?: number;
}

/**
 * Line states: OPEN until the bank answers (shown as EXPORTED once the batch is exported);
 * CANCELLED when its batch was cancelled before export and its claim released.
 */
export const LINE_STATUSES = ['OPEN', 'PAID', 'FAILED', 'RETURNED', 'CANCELLED'] as const;
export type LineStatus = (typeof LINE_STATUSES)[number];
/** The states a bank answer can leave a line in, and OPEN: what reconciliation counts. */
export type BankLineStatus = Exclude<LineStatus, 'CANCELLED'>;

export interface BatchLine {
  readonly batchId: string;
  /** ≤ 35 characters: the EndToEndId of the bank instruction. */
  readonly paymentLineId: string;
  readonly paymentKey: string;
  readonly claimId: string;
  readonly lineId: string;
  readonly payee: Payee;
  readonly payeeName: string;
  readonly amountFen: number;
  readonly certificateNumber: string;
  readonly occupationName: string;
  readonly level: CertificateLevel;
  readonly accountSealed: string;
  readonly accountFingerprint: string;
  readonly accountMasked: string;
  readonly accountBank: string;
  readonly accountVersion: number;
  readonly status: LineStatus;
  readonly reasonCode?: string;
  readonly reason?: string;
  /** SHA-256 of the bank file that settled, failed or returned the line. */
  readonly settledByFile?: string;
}

export const payeeRefOf = (payee: Payee): string => (payee.kind === 'TRAINEE' ? `TRAINEE:${payee.traineeId}` : `INSTITUTION:${payee.institutionId}`);

/** Payment line ids are the batch id and a sequence number, so the batch is found from an EndToEndId alone. */
export const paymentLineIdOf = (batchId: string, sequence: number): string => `${batchId}-${String(sequence).padStart(6, '0')}`;
export const batchIdOfLine = (paymentLineId: string): string | undefined => /^(pb[0-9a-z]{16})-\d{6}$/.exec(paymentLineId)?.[1];

/** UHPE's growing sign-off: one checker, two at or above the threshold (default ¥1,000,000). */
export function requiredApprovalsFor(sumFen: number, secondApproverThresholdFen: number): number {
  return sumFen >= secondApproverThresholdFen ? 2 : 1;
}

export interface Approver {
  readonly sub: string;
  readonly name: string;
}

/**
 * The four-eyes rule: the maker never approves, nobody approves twice, and the approver states
 * the control totals they checked, which must be the batch's. Returns the approvals after this one.
 */
export function approve(batch: Batch, approver: Approver, stated: ControlTotals, at: Date): { approvals: Approval[]; complete: boolean } {
  if (batch.status !== 'SEALED' || batch.totals === undefined || batch.requiredApprovals === undefined) {
    throw batchState(BATCH_STATUS_LABELS[batch.status], '审批');
  }
  if (approver.sub === batch.makerSub) throw makerCannotApprove();
  if (batch.approvals.some((approval) => approval.by === approver.sub)) throw alreadyApproved();
  if (!sameTotals(batch.totals, stated)) throw controlTotalsMismatch(batch.totals);
  const approvals = [...batch.approvals, { by: approver.sub, name: approver.name, at: at.toISOString() }];
  return { approvals, complete: approvals.length >= batch.requiredApprovals };
}

/**
 * Starts a cancellation: only before export, by finance of the area (the caller checks the
 * area), with a reason. The approvals given so far are voided: a rebuilt batch is approved anew.
 */
export function startCancellation(batch: Batch, by: Approver, reason: string, at: Date): Cancellation {
  if (!CANCELLABLE_STATUSES.includes(batch.status)) throw batchState(BATCH_STATUS_LABELS[batch.status], '撤销');
  return { by: by.sub, name: by.name, at: at.toISOString(), reason, voidedApprovals: batch.approvals };
}

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';

/** `pb` + 9 characters of millisecond time + 7 random: short enough that a line id fits the 35-character EndToEndId. */
export function newBatchId(now: number, random: () => number = Math.random): string {
  let time = '';
  let rest = now;
  for (let i = 0; i < 9; i += 1) {
    time = (CROCKFORD[rest % 32] ?? '0') + time;
    rest = Math.floor(rest / 32);
  }
  const tail = Array.from({ length: 7 }, () => CROCKFORD[Math.floor(random() * 32)] ?? '0').join('');
  return `pb${time}${tail}`;
}
