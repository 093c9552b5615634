import { cancelClassRoute, httpHandler, now, requireEnv, RESOURCE_ENV } from '@peixun/shared';
import { enrollmentDependencies, logger } from '../dependencies';
import { closeClass } from '../use-cases/class-commands';
import { classView } from '../use-cases/class-view';

export const handler = httpHandler(
  cancelClassRoute,
  async ({ params, body, auth }) => ({
    body: classView(await closeClass(await enrollmentDependencies(), params.classId, 'CANCEL', body.reasons, auth, now())),
  }),
  { logger, idempotencyTable: requireEnv(RESOURCE_ENV.table) },
);
