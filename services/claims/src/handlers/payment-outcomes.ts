import { eventHandler, on, paymentFailed, paymentReturned, paymentSettled, requireEnv, RESOURCE_ENV } from '@peixun/shared';
import { recordPaymentOutcome } from '../app/payments';
import { claimsDependencies, logger } from '../dependencies';

/** Payments' results, shown on the claim line they pay; duplicates and reordering change nothing. */
export const handler = eventHandler(
  [
    on(paymentSettled, async ({ detail }) =>
      recordPaymentOutcome(await claimsDependencies(), detail.claimId, detail.lineId, { outcome: 'SETTLED', batchId: detail.batchId, paymentLineId: detail.paymentLineId, at: detail.settledAt }),
    ),
    on(paymentFailed, async ({ detail }) =>
      recordPaymentOutcome(await claimsDependencies(), detail.claimId, detail.lineId, {
        outcome: 'FAILED',
        batchId: detail.batchId,
        paymentLineId: detail.paymentLineId,
        reasonCode: detail.reasonCode,
        reason: detail.reason,
        at: detail.failedAt,
      }),
    ),
    on(paymentReturned, async ({ detail }) =>
      recordPaymentOutcome(await claimsDependencies(), detail.claimId, detail.lineId, {
        outcome: 'RETURNED',
        batchId: detail.batchId,
        paymentLineId: detail.paymentLineId,
        reasonCode: detail.reasonCode,
        reason: detail.reason,
        at: detail.returnedAt,
      }),
    ),
  ],
  { logger, idempotency: { table: requireEnv(RESOURCE_ENV.table), consumer: 'claims.paymentOutcomes' } },
);
