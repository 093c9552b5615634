import { cancelBatchRoute, httpHandler, requireEnv, RESOURCE_ENV } from '@peixun/shared';
import { cancelBatch } from '../app/cancel-batch';
import { actorOf, logger, paymentsApp } from '../dependencies';
import { batchView } from './views';

export const handler = httpHandler(
  cancelBatchRoute,
  async ({ params, body, auth }) => {
    const batch = await cancelBatch(await paymentsApp(), actorOf(auth), params.batchId, body.reason);
    logger.info('payment batch cancelled', { batchId: batch.batchId, status: batch.status, released: batch.cancellation?.released });
    return { body: batchView(batch) };
  },
  { logger, idempotencyTable: requireEnv(RESOURCE_ENV.table) },
);
