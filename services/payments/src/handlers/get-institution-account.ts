import { Forbidden, getInstitutionAccountRoute, httpHandler } from '@peixun/shared';
import { accountView, currentAccount } from '../app/payee-accounts';
import { logger, paymentsApp } from '../dependencies';

/** The institution's settlement account, masked, for its own staff. */
export const handler = httpHandler(
  getInstitutionAccountRoute,
  async ({ auth }) => {
    if (auth.institutionId === undefined) throw new Forbidden('您的账号未关联培训机构。');
    return { body: accountView(await currentAccount(await paymentsApp(), { kind: 'INSTITUTION', institutionId: auth.institutionId })) };
  },
  { logger },
);
