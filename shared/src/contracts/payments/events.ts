import * as z from 'zod';
import { defineEvent } from '../../events/contract';

const SOURCE = 'peixun.payments' as const;
const instantSchema = z.iso.datetime({ offset: true });

/** Identifies the paid line on both sides: claims keys its lines by `claimId` + `lineId`. */
const paymentRefSchema = {
  paymentKey: z.string().min(1).max(160),
  claimId: z.string().min(1).max(64),
  lineId: z.string().min(1).max(64),
  batchId: z.string().min(1).max(64),
  /** The payment line in the batch, the EndToEndId of the bank instruction. */
  paymentLineId: z.string().min(1).max(35),
  amountFen: z.number().int().positive(),
};

const reasonSchema = {
  /** The bank's reason code (ISO 20022 ExternalStatusReason1Code / ExternalReturnReason1Code, e.g. AC04). */
  reasonCode: z.string().min(1).max(35),
  /** The reason in Chinese, for the claim's owner. */
  reason: z.string().min(1).max(500),
};

/** The bank reported the money credited to the payee. Emitted at most once per payment line. */
export const paymentSettled = defineEvent({
  source: SOURCE,
  detailType: 'Payment.Settled',
  schemaVersion: 1,
  detail: { ...paymentRefSchema, settledAt: instantSchema },
});

/** The bank refused the instruction; the claim may be paid again only by an explicit retry decision. */
export const paymentFailed = defineEvent({
  source: SOURCE,
  detailType: 'Payment.Failed',
  schemaVersion: 1,
  detail: { ...paymentRefSchema, ...reasonSchema, failedAt: instantSchema },
});

/** Money that had been credited came back (closed account, wrong holder…). */
export const paymentReturned = defineEvent({
  source: SOURCE,
  detailType: 'Payment.Returned',
  schemaVersion: 1,
  detail: { ...paymentRefSchema, ...reasonSchema, returnedAt: instantSchema },
});

export const PAYMENT_OUTCOME_EVENTS = [paymentSettled, paymentFailed, paymentReturned] as const;
