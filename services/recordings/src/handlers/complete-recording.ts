import { completeRecordingRoute, httpHandler, outboxItem, recordingAssembled, requireEnv, RESOURCE_ENV, now as clockNow } from '@peixun/shared';
import { requestCompletion } from '../app/complete-upload';
import { toRecordingView } from '../app/recording-view';
import { recordingsDependencies, recordingStore, logger } from '../dependencies';
import { callerOf, recordingOf } from './lookups';

/**
 * Checks the parts and lets S3 assemble the object, then hands verification (size, container,
 * SHA-256 of gigabytes) to the verifier through `Recording.Assembled`: 202 `verifying`, the client
 * polls the recording. A repeated call while verifying announces the object again, which is how a
 * verification lost on the way is restarted.
 */
export const handler = httpHandler(
  completeRecordingRoute,
  async ({ params, body, auth }) => {
    const deps = recordingsDependencies();
    const recording = await recordingOf(deps, params.sessionId, params.recordingId);
    const now = clockNow();
    const verifying = await requestCompletion(recordingStore(), recording, callerOf(auth), body.sha256, now);
    const assembled = outboxItem(
      recordingAssembled,
      {
        recordingId: verifying.recordingId,
        sessionId: verifying.sessionId,
        classId: verifying.classId,
        institutionId: verifying.institutionId,
        assembledAt: now.toISOString(),
      },
      now,
    );
    // A repeat while verifying changes no state: its announcement, written alone, restarts a lost verification.
    if (recording.status === 'verifying') await deps.outbox.put(assembled);
    else await deps.recordings.transition(verifying, recording.status, [assembled]);
    return { body: toRecordingView(verifying) };
  },
  { logger, idempotencyTable: requireEnv(RESOURCE_ENV.table) },
);
