import { eventHandler, on, requireEnv, RESOURCE_ENV, traineeAccountLinked, traineeRegistered } from '@peixun/shared';
import { logger, paymentsApp } from '../dependencies';

/**
 * Who a trainee login is and the trainee's real name, from enrollment: the account a trainee
 * registers must be in that name. Both writes are plain puts of facts that do not change.
 */
export const handler = eventHandler(
  [
    on(traineeRegistered, async ({ detail }) => {
      await (await paymentsApp()).repo.putTraineeName(detail.traineeId, detail.name);
    }),
    on(traineeAccountLinked, async ({ detail }) => {
      await (await paymentsApp()).repo.linkLogin(detail.accountSub, detail.traineeId);
    }),
  ],
  { logger, idempotency: { table: requireEnv(RESOURCE_ENV.table), consumer: 'payments.projectTrainees' } },
);
