import { abortRecordingRoute, httpHandler, requireEnv, RESOURCE_ENV, now } from '@peixun/shared';
import { toRecordingView } from '../app/recording-view';
import { abortUpload } from '../app/upload-parts';
import { recordingsDependencies, recordingStore, logger } from '../dependencies';
import { callerOf, recordingOf } from './lookups';

export const handler = httpHandler(
  abortRecordingRoute,
  async ({ params, auth }) => {
    const deps = recordingsDependencies();
    const recording = await recordingOf(deps, params.sessionId, params.recordingId);
    const aborted = await abortUpload(recordingStore(), recording, callerOf(auth), now());
    if (aborted.status !== recording.status) await deps.recordings.transition(aborted, recording.status);
    return { body: toRecordingView(aborted) };
  },
  { logger, idempotencyTable: requireEnv(RESOURCE_ENV.table) },
);
