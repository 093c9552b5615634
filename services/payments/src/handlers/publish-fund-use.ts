import { eventHandler, on, paymentBatchReconciled, paymentReturned, requireEnv, RESOURCE_ENV } from '@peixun/shared';
import { publishReconciledBatch, retractReturnedPayment } from '../app/fund-use';
import { logger, paymentsApp } from '../dependencies';

/** 资金使用公示 follows the bank: a reconciled batch publishes what was paid, a return retracts it. */
export const handler = eventHandler(
  [
    on(paymentBatchReconciled, async ({ detail }) => {
      const outcome = await publishReconciledBatch(await paymentsApp(), detail.batchId);
      logger.info('fund use published', { batchId: detail.batchId, ...outcome });
    }),
    on(paymentReturned, async ({ detail }) => {
      const outcome = await retractReturnedPayment(await paymentsApp(), detail);
      logger.info('returned payment taken off the fund-use list', { paymentLineId: detail.paymentLineId, outcome });
    }),
  ],
  { logger, idempotency: { table: requireEnv(RESOURCE_ENV.table), consumer: 'payments.publishFundUse' } },
);
