import { getBatchRoute, httpHandler } from '@peixun/shared';
import { batchOf } from '../app/approve-batch';
import { actorOf, logger, paymentsApp } from '../dependencies';
import { reconciliationOf } from '../domain/reconciliation';
import { batchView, lineView } from './views';

export const handler = httpHandler(
  getBatchRoute,
  async ({ params, auth }) => {
    const app = await paymentsApp();
    const batch = await batchOf(app, actorOf(auth), params.batchId);
    const [lines, exceptions] = await Promise.all([app.repo.lines(batch.batchId), app.repo.exceptions(batch.batchId)]);
    return {
      body: {
        batch: batchView(batch),
        lines: lines.map((line) => lineView(batch, line)),
        reconciliation: reconciliationOf(lines, exceptions.length),
        exceptions: exceptions.map(({ kind, endToEndId, detail, at }) => ({ kind, endToEndId, detail, at })),
      },
    };
  },
  { logger },
);
