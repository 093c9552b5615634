import { httpHandler, linkTraineeAccountRoute, now, requireEnv, RESOURCE_ENV } from '@peixun/shared';
import { enrollmentDependencies, logger } from '../dependencies';
import { traineeView } from '../domain/trainee';
import { linkTraineeAccount } from '../use-cases/trainee-account';

export const handler = httpHandler(
  linkTraineeAccountRoute,
  async ({ body, auth, sourceIp }) => {
    const trainee = await linkTraineeAccount(await enrollmentDependencies(), body, auth, now(), sourceIp);
    logger.info('trainee account linked', { traineeId: trainee.traineeId });
    return { body: traineeView(trainee, auth) };
  },
  { logger, idempotencyTable: requireEnv(RESOURCE_ENV.table) },
);
