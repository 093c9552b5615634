import { EXCEPTIONS_SHOWN, getBatchRoute, httpHandler } from '@peixun/shared';
import { batchOverview } from '../app/batch-lines';
import { actorOf, logger, paymentsApp } from '../dependencies';
import { batchView, lineView } from './views';

export const handler = httpHandler(
  getBatchRoute,
  async ({ params, auth }) => {
    const overview = await batchOverview(await paymentsApp(), actorOf(auth), params.batchId, EXCEPTIONS_SHOWN);
    return {
      body: {
        batch: batchView(overview.batch),
        lines: overview.lines.map((line) => lineView(overview.batch, line)),
        ...(overview.nextCursor === undefined ? {} : { nextCursor: overview.nextCursor }),
        reconciliation: overview.reconciliation,
        exceptions: overview.exceptions.map(({ kind, endToEndId, detail, at }) => ({ kind, endToEndId, detail, at })),
      },
    };
  },
  { logger },
);
