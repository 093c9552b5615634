import { httpHandler, now, requestClassChangeRoute, requireEnv, RESOURCE_ENV } from '@peixun/shared';
import { enrollmentDependencies, logger } from '../dependencies';
import { requestChange } from '../use-cases/class-changes';
import { changeRequestView } from '../use-cases/class-view';

export const handler = httpHandler(
  requestClassChangeRoute,
  async ({ params, body, auth }) => ({
    body: changeRequestView(await requestChange(await enrollmentDependencies(), params.classId, body.change, body.reason, auth, now())),
  }),
  { logger, idempotencyTable: requireEnv(RESOURCE_ENV.table) },
);
