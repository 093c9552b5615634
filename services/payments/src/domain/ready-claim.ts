import type { claimReadyForPayment, DetailOf } from '@peixun/shared';

export type ReadyForPayment = Omit<DetailOf<typeof claimReadyForPayment>, 'schemaVersion'>;

/**
 * A payable claim line as payments keeps it: READY until a batch claims it (IN_BATCH), then
 * what the bank said. FAILED and RETURNED go back to READY only by an explicit retry decision.
 */
export const READY_STATUSES = ['READY', 'IN_BATCH', 'PAID', 'FAILED', 'RETURNED'] as const;
export type ReadyStatus = (typeof READY_STATUSES)[number];

export interface ReadyClaim extends ReadyForPayment {
  readonly status: ReadyStatus;
  readonly batchId?: string;
  readonly paymentLineId?: string;
  /** Payment attempts so far (batches this claim was in). */
  readonly attempts: number;
  /** Account version of the last failed or returned attempt: a retry needs a newer one. */
  readonly failedAccountVersion?: number;
}
