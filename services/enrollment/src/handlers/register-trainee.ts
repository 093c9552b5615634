import { httpHandler, outboxItem, registerTraineeRoute, requireEnv, RESOURCE_ENV, traineeRegistered } from '@peixun/shared';
import { enrollmentDependencies, logger } from '../dependencies';
import { registeredEventDetail, registerTrainee, traineeView } from '../domain/trainee';

export const handler = httpHandler(
  registerTraineeRoute,
  async ({ body, auth }) => {
    const { trainees } = await enrollmentDependencies();
    const now = new Date();
    const trainee = registerTrainee(body, auth, now);
    await trainees.create(trainee, [outboxItem(traineeRegistered, registeredEventDetail(trainee), now)]);
    logger.info('trainee registered', { traineeId: trainee.traineeId, by: trainee.registeredBy.role });
    return { body: traineeView(trainee, auth) };
  },
  { logger, idempotencyTable: requireEnv(RESOURCE_ENV.table) },
);
