import { buildBatchRoute, httpHandler, requireEnv, RESOURCE_ENV } from '@peixun/shared';
import { buildBatch } from '../app/build-batch';
import { actorOf, logger, paymentsApp } from '../dependencies';
import { batchView } from './views';

export const handler = httpHandler(
  buildBatchRoute,
  async ({ body, auth }) => {
    const report = await buildBatch(await paymentsApp(), actorOf(auth), { subsidyKind: body.subsidyKind, ...(body.maxLines === undefined ? {} : { maxLines: body.maxLines }) });
    logger.info('payment batch built', { batchId: report.batch.batchId, count: report.batch.totals?.count, takenElsewhere: report.takenElsewhere });
    return { body: { batch: batchView(report.batch), withoutAccount: report.withoutAccount, holderMismatch: report.holderMismatch, takenElsewhere: report.takenElsewhere } };
  },
  { logger, idempotencyTable: requireEnv(RESOURCE_ENV.table) },
);
