import { Forbidden, httpHandler, registerInstitutionAccountRoute } from '@peixun/shared';
import { accountView, registerAccount } from '../app/payee-accounts';
import { logger, paymentsApp } from '../dependencies';

/** The institution's staff register its settlement account; batches check the holder against the institution's name on the claim. */
export const handler = httpHandler(
  registerInstitutionAccountRoute,
  async ({ body, auth }) => {
    if (auth.institutionId === undefined) throw new Forbidden('您的账号未关联培训机构。');
    const account = await registerAccount(await paymentsApp(), { kind: 'INSTITUTION', institutionId: auth.institutionId }, body, auth.sub);
    logger.info('payee account registered', { payeeRef: account.payeeRef, version: account.version, accountMasked: account.accountMasked });
    return { body: accountView(account) };
  },
  { logger },
);
