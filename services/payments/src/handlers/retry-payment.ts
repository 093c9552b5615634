import { httpHandler, requireEnv, RESOURCE_ENV, retryPaymentRoute } from '@peixun/shared';
import { retryPayment } from '../app/retry-payment';
import { actorOf, logger, paymentsApp } from '../dependencies';

export const handler = httpHandler(
  retryPaymentRoute,
  async ({ params, auth }) => {
    await retryPayment(await paymentsApp(), actorOf(auth), params.paymentKey);
    logger.info('payment retry decided', { paymentKey: params.paymentKey, by: auth.sub });
    return { body: { paymentKey: params.paymentKey, status: 'READY' as const } };
  },
  { logger, idempotencyTable: requireEnv(RESOURCE_ENV.table) },
);
