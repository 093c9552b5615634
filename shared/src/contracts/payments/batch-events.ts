import * as z from 'zod';
import { defineEvent } from '../../events/contract';
import { subsidyKindSchema } from '../claims/payment-events';

const SOURCE = 'peixun.payments' as const;
const instantSchema = z.iso.datetime({ offset: true });

const controlTotalsSchema = z.object({
  count: z.number().int().nonnegative(),
  sumFen: z.number().int().nonnegative(),
  /** SHA-256 (hex) over the batch's canonical lines. */
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});

const batchRef = {
  batchId: z.string().min(1).max(32),
  areaCode: z.string().regex(/^\d{6}$/),
  subsidyKind: subsidyKindSchema,
  totals: controlTotalsSchema,
};

/** A disbursement batch's lines and control totals are fixed; it waits for approval. */
export const paymentBatchSealed = defineEvent({
  source: SOURCE,
  detailType: 'PaymentBatch.Sealed',
  schemaVersion: 1,
  detail: { ...batchRef, makerSub: z.string(), requiredApprovals: z.number().int().positive(), sealedAt: instantSchema },
});

/** The last required approver signed the control totals off. */
export const paymentBatchApproved = defineEvent({
  source: SOURCE,
  detailType: 'PaymentBatch.Approved',
  schemaVersion: 1,
  detail: { ...batchRef, approvers: z.array(z.string()).min(1), approvedAt: instantSchema },
});

/** The bank file exists; from now on only bank answers change the lines. */
export const paymentBatchExported = defineEvent({
  source: SOURCE,
  detailType: 'PaymentBatch.Exported',
  schemaVersion: 1,
  detail: { ...batchRef, messageId: z.string(), exportedAt: instantSchema },
});

/** Every line has a final bank answer. */
export const paymentBatchReconciled = defineEvent({
  source: SOURCE,
  detailType: 'PaymentBatch.Reconciled',
  schemaVersion: 1,
  detail: {
    ...batchRef,
    paid: z.object({ count: z.number().int().nonnegative(), sumFen: z.number().int().nonnegative() }),
    failed: z.object({ count: z.number().int().nonnegative(), sumFen: z.number().int().nonnegative() }),
    returned: z.object({ count: z.number().int().nonnegative(), sumFen: z.number().int().nonnegative() }),
    exceptions: z.number().int().nonnegative(),
    reconciledAt: instantSchema,
  },
});

/**
 * A batch that was never exported was cancelled and every one of its claims released: they wait
 * for a new batch (its lines stay, CANCELLED, as the record of what was cancelled).
 */
export const paymentBatchCancelled = defineEvent({
  source: SOURCE,
  detailType: 'PaymentBatch.Cancelled',
  schemaVersion: 1,
  detail: {
    ...batchRef,
    cancelledBy: z.string().min(1).max(128),
    reason: z.string().min(1).max(500),
    released: z.number().int().nonnegative(),
    cancelledAt: instantSchema,
  },
});

export const PAYMENT_BATCH_EVENTS = [paymentBatchSealed, paymentBatchApproved, paymentBatchExported, paymentBatchReconciled, paymentBatchCancelled] as const;
