import { httpHandler, listFundUseRoute } from '@peixun/shared';
import { listFundUse } from '../app/fund-use';
import { logger, paymentsApp } from '../dependencies';

export const handler = httpHandler(listFundUseRoute, async ({ query }) => ({ body: await listFundUse(await paymentsApp(), query) }), { logger });
