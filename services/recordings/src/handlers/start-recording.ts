import { httpHandler, newId, requireEnv, RESOURCE_ENV, startRecordingRoute, now } from '@peixun/shared';
import { startUpload } from '../app/start-upload';
import { recordingsDependencies, logger } from '../dependencies';
import { RecordingError } from '../domain/errors';
import { MAX_PART_URLS_PER_REQUEST } from '../domain/part-plan';
import { callerOf, sessionOf } from './lookups';

export const handler = httpHandler(
  startRecordingRoute,
  async ({ params, body, auth }) => {
    const deps = recordingsDependencies();
    const session = await sessionOf(deps, params.sessionId);
    const { completeAt } = await deps.sessions.recordingState(params.sessionId);
    const recording = await startUpload(
      {
        store: deps.store,
        limits: { maxObjectBytes: deps.config.maxRecordingBytes, preferredPartBytes: deps.config.preferredPartBytes },
        newRecordingId: () => newId('rec'),
        now: () => now(),
      },
      { ...session, recordingCompleteAt: completeAt },
      callerOf(auth),
      body,
    );
    try {
      await deps.recordings.create(recording);
    } catch (error) {
      // The session's recording became complete after it was read: the upload just opened is not wanted.
      if (error instanceof RecordingError && error.code === 'RECORDING_SESSION_ALREADY_RECORDED') {
        await deps.store.abortUpload({ key: recording.objectKey, uploadId: recording.uploadId });
      }
      throw error;
    }
    logger.info('recording upload started', { recordingId: recording.recordingId, sessionId: session.sessionId, size: recording.size });
    return {
      body: {
        recordingId: recording.recordingId,
        uploadId: recording.uploadId,
        status: recording.status,
        partSize: recording.partSize,
        partCount: recording.partCount,
        maxPartUrlsPerRequest: MAX_PART_URLS_PER_REQUEST,
      },
    };
  },
  { logger, idempotencyTable: requireEnv(RESOURCE_ENV.table) },
);
