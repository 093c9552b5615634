import { editClassRoute, httpHandler, requireEnv, RESOURCE_ENV } from '@peixun/shared';
import { enrollmentDependencies, logger } from '../dependencies';
import { editClass } from '../use-cases/class-commands';
import { classView } from '../use-cases/class-view';

export const handler = httpHandler(
  editClassRoute,
  async ({ params, body, auth }) => ({ body: classView(await editClass(await enrollmentDependencies(), params.classId, body, auth)) }),
  { logger, idempotencyTable: requireEnv(RESOURCE_ENV.table) },
);
