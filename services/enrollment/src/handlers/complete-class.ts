import { completeClassRoute, httpHandler, now, requireEnv, RESOURCE_ENV } from '@peixun/shared';
import { enrollmentDependencies, logger } from '../dependencies';
import { closeClass } from '../use-cases/class-commands';
import { classView } from '../use-cases/class-view';

export const handler = httpHandler(
  completeClassRoute,
  async ({ params, auth }) => ({
    body: classView(await closeClass(await enrollmentDependencies(), params.classId, 'COMPLETE', [], auth, now())),
  }),
  { logger, idempotencyTable: requireEnv(RESOURCE_ENV.table) },
);
