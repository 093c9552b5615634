import { approveBatchRoute, httpHandler, requireEnv, RESOURCE_ENV } from '@peixun/shared';
import { approveBatch } from '../app/approve-batch';
import { actorOf, logger, paymentsApp } from '../dependencies';
import { batchView } from './views';

export const handler = httpHandler(
  approveBatchRoute,
  async ({ params, body, auth }) => {
    const batch = await approveBatch(await paymentsApp(), actorOf(auth), params.batchId, body);
    logger.info('payment batch approved', { batchId: batch.batchId, approvals: batch.approvals.length, status: batch.status });
    return { body: batchView(batch) };
  },
  { logger, idempotencyTable: requireEnv(RESOURCE_ENV.table) },
);
