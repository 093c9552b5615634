import { exportFundUseRoute, httpHandler } from '@peixun/shared';
import { exportFundUse } from '../app/fund-use';
import { logger, paymentsApp } from '../dependencies';

export const handler = httpHandler(
  exportFundUseRoute,
  async ({ query }) => ({
    file: {
      bytes: await exportFundUse(await paymentsApp(), query),
      contentType: 'text/csv; charset=utf-8',
      fileName: `资金使用公示-${query.areaCode}-${query.month}${query.subsidyKind === undefined ? '' : `-${query.subsidyKind}`}.csv`,
    },
  }),
  { logger },
);
