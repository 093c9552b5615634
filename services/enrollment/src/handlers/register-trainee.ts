import { httpHandler, now, outboxItem, registerTraineeRoute, requireEnv, RESOURCE_ENV, traineeRegistered } from '@peixun/shared';
import { enrollmentDependencies, logger } from '../dependencies';
import { registeredEventDetail, registerTrainee, traineeView } from '../domain/trainee';

export const handler = httpHandler(
  registerTraineeRoute,
  async ({ body, auth }) => {
    const { trainees } = await enrollmentDependencies();
    const at = now();
    const trainee = registerTrainee(body, auth, at);
    await trainees.create(trainee, [outboxItem(traineeRegistered, registeredEventDetail(trainee), at)]);
    logger.info('trainee registered', { traineeId: trainee.traineeId, by: trainee.registeredBy.role });
    return { body: traineeView(trainee, auth) };
  },
  { logger, idempotencyTable: requireEnv(RESOURCE_ENV.table) },
);
