import { getTraineeRoute, httpHandler, NotFound } from '@peixun/shared';
import { enrollmentDependencies, logger } from '../dependencies';
import { assertMayView, traineeView } from '../domain/trainee';
import { traineeHolding } from '../use-cases/trainee-areas';

export const handler = httpHandler(
  getTraineeRoute,
  async ({ params, auth }) => {
    const deps = await enrollmentDependencies();
    const trainee = await deps.trainees.findById(params.traineeId);
    if (trainee === undefined) throw new NotFound('学员', params.traineeId);
    const { reviewerHolds } = await traineeHolding(deps, trainee, auth);
    assertMayView(trainee, auth, reviewerHolds);
    return { body: traineeView(trainee, auth, reviewerHolds) };
  },
  { logger },
);
