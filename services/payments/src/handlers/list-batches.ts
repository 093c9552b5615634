import { hasRole, httpHandler, listBatchesRoute } from '@peixun/shared';
import { listBatches } from '../app/list-batches';
import { logger, paymentsApp } from '../dependencies';
import { batchView } from './views';

export const handler = httpHandler(
  listBatchesRoute,
  async ({ query, auth }) => {
    const list = await listBatches(await paymentsApp(), { areaCode: auth.areaCode, admin: hasRole(auth, 'admin') }, query);
    return { body: { ...list, batches: list.batches.map(batchView) } };
  },
  { logger },
);
