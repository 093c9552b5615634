import { BATCH_STATUS_LABELS, type Batch, type BatchLine } from '../domain/batch';

/** What finance staff see of a batch: names of approvers, never their ids; totals as fixed. */
export const batchView = (batch: Batch) => ({
  batchId: batch.batchId,
  areaCode: batch.areaCode,
  subsidyKind: batch.subsidyKind,
  status: batch.status,
  statusLabel: BATCH_STATUS_LABELS[batch.status],
  makerName: batch.makerName,
  createdAt: batch.createdAt,
  ...(batch.totals === undefined ? {} : { totals: batch.totals }),
  ...(batch.requiredApprovals === undefined ? {} : { requiredApprovals: batch.requiredApprovals }),
  approvals: batch.approvals.map((approval) => ({ name: approval.name, at: approval.at })),
  ...(batch.exportedAt === undefined ? {} : { exportedAt: batch.exportedAt }),
  ...(batch.reconciledAt === undefined ? {} : { reconciledAt: batch.reconciledAt }),
  ...(batch.cancellation === undefined
    ? {}
    : {
        cancellation: {
          name: batch.cancellation.name,
          at: batch.cancellation.at,
          reason: batch.cancellation.reason,
          voidedApprovals: batch.cancellation.voidedApprovals.map((approval) => ({ name: approval.name, at: approval.at })),
          ...(batch.cancellation.completedAt === undefined ? {} : { completedAt: batch.cancellation.completedAt }),
          ...(batch.cancellation.released === undefined ? {} : { released: batch.cancellation.released }),
        },
      }),
});

/** A line with its account masked: the number in clear exists only in the bank file. */
export const lineView = (batch: Batch, line: BatchLine) => ({
  paymentLineId: line.paymentLineId,
  paymentKey: line.paymentKey,
  claimId: line.claimId,
  payeeName: line.payeeName,
  amountFen: line.amountFen,
  certificateNumber: line.certificateNumber,
  bankName: line.accountBank,
  accountMasked: line.accountMasked,
  status: line.status === 'OPEN' && (batch.status === 'EXPORTED' || batch.status === 'RECONCILED') ? ('EXPORTED' as const) : line.status,
  ...(line.reason === undefined ? {} : { reason: line.reason }),
});
