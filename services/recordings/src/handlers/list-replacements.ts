import { httpHandler, listReplacementRequestsRoute } from '@peixun/shared';
import { toReplacementView } from '../app/replacement-view';
import { recordingsDependencies, logger } from '../dependencies';
import { assertMayRead } from '../domain/access';
import { sessionOf } from './lookups';

export const handler = httpHandler(
  listReplacementRequestsRoute,
  async ({ params, auth }) => {
    const deps = recordingsDependencies();
    assertMayRead(auth, await sessionOf(deps, params.sessionId));
    const requests = await deps.replacements.ofSession(params.sessionId);
    return { body: { requests: requests.map(toReplacementView) } };
  },
  { logger },
);
