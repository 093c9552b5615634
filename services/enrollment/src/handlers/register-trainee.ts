import { httpHandler, registerTraineeRoute, requireEnv, RESOURCE_ENV, traineeRegistered } from '@peixun/shared';
import { enrollmentDependencies, logger } from '../dependencies';
import { registeredEventDetail, registerTrainee, traineeView } from '../domain/trainee';

export const handler = httpHandler(
  registerTraineeRoute,
  async ({ body, auth }) => {
    const { trainees, events } = await enrollmentDependencies();
    const trainee = registerTrainee(body, auth, new Date());
    await trainees.create(trainee);
    await events.publish(traineeRegistered, registeredEventDetail(trainee));
    logger.info('trainee registered', { traineeId: trainee.traineeId, by: trainee.registeredBy.role });
    return { body: traineeView(trainee, auth) };
  },
  { logger, idempotencyTable: requireEnv(RESOURCE_ENV.table) },
);
