import { createClassRoute, httpHandler, requireEnv, RESOURCE_ENV } from '@peixun/shared';
import { enrollmentDependencies, logger } from '../dependencies';
import { createClass } from '../use-cases/class-commands';
import { classView } from '../use-cases/class-view';

export const handler = httpHandler(
  createClassRoute,
  async ({ body, auth }) => ({ body: classView(await createClass(await enrollmentDependencies(), body, auth)) }),
  { logger, idempotencyTable: requireEnv(RESOURCE_ENV.table) },
);
