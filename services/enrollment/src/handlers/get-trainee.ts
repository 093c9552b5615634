import { getTraineeRoute, httpHandler, NotFound } from '@peixun/shared';
import { enrollmentDependencies, logger } from '../dependencies';
import { assertMayView, traineeView } from '../domain/trainee';

export const handler = httpHandler(
  getTraineeRoute,
  async ({ params, auth }) => {
    const { trainees } = await enrollmentDependencies();
    const trainee = await trainees.findById(params.traineeId);
    if (trainee === undefined) throw new NotFound('学员', params.traineeId);
    assertMayView(trainee, auth);
    return { body: traineeView(trainee, auth) };
  },
  { logger },
);
