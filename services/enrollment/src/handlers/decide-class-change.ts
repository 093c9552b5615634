import { decideClassChangeRoute, httpHandler, now, requireEnv, RESOURCE_ENV } from '@peixun/shared';
import { enrollmentDependencies, logger } from '../dependencies';
import { decideChange } from '../use-cases/class-changes';
import { changeRequestView } from '../use-cases/class-view';

export const handler = httpHandler(
  decideClassChangeRoute,
  async ({ params, body, auth }) => ({
    body: changeRequestView(
      await decideChange(await enrollmentDependencies(), params.classId, params.changeRequestId, body.decision, body.reasons, auth, now()),
    ),
  }),
  { logger, idempotencyTable: requireEnv(RESOURCE_ENV.table) },
);
