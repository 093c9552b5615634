import { claimReadyForPayment, eventHandler, on, requireEnv, RESOURCE_ENV } from '@peixun/shared';
import { projectReadyClaim } from '../app/ready-claims';
import { logger, paymentsApp } from '../dependencies';

/** Claims ready for payment, deduplicated by paymentKey (a redelivery or a replay changes nothing). */
export const handler = eventHandler(
  [
    on(claimReadyForPayment, async ({ detail }) => {
      const { schemaVersion: _version, ...ready } = detail;
      const fresh = await projectReadyClaim(await paymentsApp(), ready);
      logger.info('claim ready for payment', { paymentKey: ready.paymentKey, fresh });
    }),
  ],
  { logger, idempotency: { table: requireEnv(RESOURCE_ENV.table), consumer: 'payments.projectReadyClaims' } },
);
