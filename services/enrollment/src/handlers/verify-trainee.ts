import { assertAccess, httpHandler, NotFound, now, requireEnv, RESOURCE_ENV, verifyTraineeRoute } from '@peixun/shared';
import { enrollmentDependencies, logger } from '../dependencies';
import { isSelf, traineeView } from '../domain/trainee';
import { verifyTraineeAgain } from '../use-cases/trainee-registration';

export const handler = httpHandler(
  verifyTraineeRoute,
  async ({ params, body, auth, sourceIp }) => {
    const deps = await enrollmentDependencies();
    const found = await deps.trainees.findById(params.traineeId);
    if (found === undefined) throw new NotFound('学员', params.traineeId);
    assertAccess(verifyTraineeRoute.access, auth, { self: isSelf(found, auth), institutionId: found.registeredBy.institutionId }, '您无权核验该学员。');
    const trainee = await verifyTraineeAgain(deps, found, body, auth, now(), sourceIp);
    logger.info('trainee verification checked', { traineeId: trainee.traineeId, verification: trainee.verification.status });
    return { body: traineeView(trainee, auth) };
  },
  { logger, idempotencyTable: requireEnv(RESOURCE_ENV.table) },
);
