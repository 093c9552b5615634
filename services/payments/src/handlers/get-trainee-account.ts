import { getTraineeAccountRoute, httpHandler } from '@peixun/shared';
import { accountView, traineeAccount } from '../app/payee-accounts';
import { logger, paymentsApp } from '../dependencies';

/** The trainee's own account, masked: what the console shows before offering a change. */
export const handler = httpHandler(getTraineeAccountRoute, async ({ auth }) => ({ body: accountView(await traineeAccount(await paymentsApp(), auth.sub)) }), { logger });
