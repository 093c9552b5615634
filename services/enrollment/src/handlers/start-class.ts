import { httpHandler, now, requireEnv, RESOURCE_ENV, startClassRoute } from '@peixun/shared';
import { enrollmentDependencies, logger } from '../dependencies';
import { closeClass } from '../use-cases/class-commands';
import { classView } from '../use-cases/class-view';

export const handler = httpHandler(
  startClassRoute,
  async ({ params, auth }) => ({
    body: classView(await closeClass(await enrollmentDependencies(), params.classId, 'START', [], auth, now())),
  }),
  { logger, idempotencyTable: requireEnv(RESOURCE_ENV.table) },
);
