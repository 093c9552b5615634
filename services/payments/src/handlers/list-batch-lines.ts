import { httpHandler, listBatchLinesRoute } from '@peixun/shared';
import { batchLines } from '../app/batch-lines';
import { actorOf, logger, paymentsApp } from '../dependencies';
import { lineView } from './views';

export const handler = httpHandler(
  listBatchLinesRoute,
  async ({ params, query, auth }) => {
    const page = await batchLines(await paymentsApp(), actorOf(auth), params.batchId, query.cursor);
    return {
      body: {
        batchId: page.batch.batchId,
        lines: page.lines.map((line) => lineView(page.batch, line)),
        ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
      },
    };
  },
  { logger },
);
