import { httpHandler, now, registerTraineeRoute, requireEnv, RESOURCE_ENV } from '@peixun/shared';
import { enrollmentDependencies, logger } from '../dependencies';
import { traineeView } from '../domain/trainee';
import { registerTraineeUnderRealName } from '../use-cases/trainee-registration';

export const handler = httpHandler(
  registerTraineeRoute,
  async ({ body, auth, sourceIp }) => {
    const trainee = await registerTraineeUnderRealName(await enrollmentDependencies(), body, auth, now(), sourceIp);
    logger.info('trainee registered', { traineeId: trainee.traineeId, by: trainee.registeredBy.role, verification: trainee.verification.status });
    return { body: traineeView(trainee, auth) };
  },
  { logger, idempotencyTable: requireEnv(RESOURCE_ENV.table) },
);
