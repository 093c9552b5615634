import { httpHandler, listRecordingsRoute } from '@peixun/shared';
import { toRecordingView } from '../app/recording-view';
import { recordingsDependencies, logger } from '../dependencies';
import { assertMayRead } from '../domain/access';
import { sessionOf } from './lookups';

export const handler = httpHandler(
  listRecordingsRoute,
  async ({ params, auth }) => {
    const deps = recordingsDependencies();
    assertMayRead(auth, await sessionOf(deps, params.sessionId));
    const recordings = await deps.recordings.ofSession(params.sessionId);
    return { body: { recordings: recordings.map(toRecordingView) } };
  },
  { logger },
);
