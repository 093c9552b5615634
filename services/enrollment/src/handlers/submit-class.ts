import { httpHandler, now, requireEnv, RESOURCE_ENV, submitClassRoute } from '@peixun/shared';
import { enrollmentDependencies, logger } from '../dependencies';
import { submitClass } from '../use-cases/class-commands';
import { classView } from '../use-cases/class-view';

export const handler = httpHandler(
  submitClassRoute,
  async ({ params, auth }) => ({ body: classView(await submitClass(await enrollmentDependencies(), params.classId, auth, now())) }),
  { logger, idempotencyTable: requireEnv(RESOURCE_ENV.table) },
);
