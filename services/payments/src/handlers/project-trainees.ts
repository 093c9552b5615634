import { eventHandler, on, requireEnv, RESOURCE_ENV, traineeAccountLinked, traineeRegistered } from '@peixun/shared';
import { logger, paymentsApp } from '../dependencies';

/**
 * Who a trainee login is and the trainee's real name, from enrollment: the account a trainee
 * registers must be in that name. A self-registration links its login in `Trainee.Registered`, a
 * school-registered record later in `Trainee.AccountLinked`. The writes are plain puts of facts
 * that do not change.
 */
export const handler = eventHandler(
  [
    on(traineeRegistered, async ({ detail }) => {
      const app = await paymentsApp();
      await app.repo.putTraineeName(detail.traineeId, detail.name);
      if (detail.registeredBy.role === 'trainee') await app.repo.linkLogin(detail.registeredBy.sub, detail.traineeId);
    }),
    on(traineeAccountLinked, async ({ detail }) => {
      await (await paymentsApp()).repo.linkLogin(detail.accountSub, detail.traineeId);
    }),
  ],
  { logger, idempotency: { table: requireEnv(RESOURCE_ENV.table), consumer: 'payments.projectTrainees' } },
);
