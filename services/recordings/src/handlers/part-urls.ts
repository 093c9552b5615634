import { httpHandler, partUrlsRoute, now } from '@peixun/shared';
import { issuePartUrls } from '../app/upload-parts';
import { recordingsDependencies, recordingStore, logger, type RecordingsDependencies } from '../dependencies';
import { RecordingError } from '../domain/errors';
import type { Recording } from '../domain/recording';
import { callerOf, recordingOf } from './lookups';

/**
 * The first URLs move `initiated` to `uploading`. A client asking for several ranges at once races
 * itself here; losing that race is harmless (another request made the same move, or the upload was
 * aborted and S3 will refuse the parts), so it must not fail the request.
 */
async function markUploading(deps: RecordingsDependencies, next: Recording, read: Recording['status']): Promise<void> {
  try {
    await deps.recordings.transition(next, read);
  } catch (error) {
    if (!(error instanceof RecordingError && error.code === 'RECORDING_CHANGED_CONCURRENTLY')) throw error;
  }
}

/** Not deduplicated by Idempotency-Key: signing again is the point of asking again. */
export const handler = httpHandler(
  partUrlsRoute,
  async ({ params, body, auth }) => {
    const deps = recordingsDependencies();
    const recording = await recordingOf(deps, params.sessionId, params.recordingId);
    const issued = await issuePartUrls(recordingStore(), recording, callerOf(auth), body, now());
    if (issued.recording.status !== recording.status) await markUploading(deps, issued.recording, recording.status);
    return { body: { urls: [...issued.urls], expiresAt: issued.expiresAt.toISOString() } };
  },
  { logger },
);
