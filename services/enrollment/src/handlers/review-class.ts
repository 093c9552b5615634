import { httpHandler, now, requireEnv, RESOURCE_ENV, reviewClassRoute } from '@peixun/shared';
import { enrollmentDependencies, logger } from '../dependencies';
import { reviewClass } from '../use-cases/class-commands';
import { classView } from '../use-cases/class-view';

export const handler = httpHandler(
  reviewClassRoute,
  async ({ params, body, auth }) => ({
    body: classView(await reviewClass(await enrollmentDependencies(), params.classId, body.decision, body.reasons, auth, now())),
  }),
  { logger, idempotencyTable: requireEnv(RESOURCE_ENV.table) },
);
