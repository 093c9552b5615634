import { httpHandler, registerTraineeAccountRoute } from '@peixun/shared';
import { accountView, registerTraineeAccount } from '../app/payee-accounts';
import { logger, paymentsApp } from '../dependencies';

export const handler = httpHandler(
  registerTraineeAccountRoute,
  async ({ body, auth }) => {
    const account = await registerTraineeAccount(await paymentsApp(), auth.sub, body);
    logger.info('payee account registered', { payeeRef: account.payeeRef, version: account.version, accountMasked: account.accountMasked });
    return { body: accountView(account) };
  },
  { logger },
);
