import { getRecordingRoute, httpHandler } from '@peixun/shared';
import { toRecordingView } from '../app/recording-view';
import { recordingsDependencies, logger } from '../dependencies';
import { assertMayRead } from '../domain/access';
import { recordingOf } from './lookups';

export const handler = httpHandler(
  getRecordingRoute,
  async ({ params, auth }) => {
    const deps = recordingsDependencies();
    const recording = await recordingOf(deps, params.sessionId, params.recordingId);
    // The session may have been cancelled since; its recordings stay readable. Without a
    // projected session only the institution's staff and administrators pass (fail closed).
    const session = await deps.sessions.find(params.sessionId);
    assertMayRead(auth, { sessionId: recording.sessionId, institutionId: recording.institutionId, areaCode: session?.areaCode ?? '' });
    return { body: toRecordingView(recording) };
  },
  { logger },
);
