import { httpHandler, newId, requireEnv, RESOURCE_ENV, startRecordingRoute, now } from '@peixun/shared';
import { startUpload } from '../app/start-upload';
import { recordingsDependencies, recordingStore, logger } from '../dependencies';
import { RecordingError } from '../domain/errors';
import { MAX_PART_URLS_PER_REQUEST } from '../domain/part-plan';
import { assertOpensUpload } from '../domain/replacement';
import { callerOf, sessionOf } from './lookups';

export const handler = httpHandler(
  startRecordingRoute,
  async ({ params, body, auth }) => {
    const deps = recordingsDependencies();
    const session = await sessionOf(deps, params.sessionId);
    const { completeAt } = await deps.sessions.recordingState(params.sessionId);
    const requestId = body.replacementRequestId;
    // Read to open no S3 upload in vain; the write that admits the recording takes the approval conditionally.
    const replacement = requestId === undefined ? undefined : assertOpensUpload(await deps.replacements.find(params.sessionId, requestId), requestId);
    const recording = await startUpload(
      {
        store: recordingStore(),
        limits: { maxObjectBytes: deps.config.maxRecordingBytes, preferredPartBytes: deps.config.preferredPartBytes },
        newRecordingId: () => newId('rec'),
        now: () => now(),
      },
      { ...session, recordingCompleteAt: completeAt },
      callerOf(auth),
      body,
      replacement,
    );
    try {
      await deps.recordings.create(recording);
    } catch (error) {
      // The session's recording became complete, or the approval was taken by another upload, after it
      // was read: the upload just opened is not wanted.
      if (error instanceof RecordingError && ['RECORDING_SESSION_ALREADY_RECORDED', 'RECORDING_REPLACEMENT_USED', 'RECORDING_REPLACEMENT_NOT_APPROVED'].includes(error.code)) {
        await recordingStore().abortUpload({ key: recording.objectKey, uploadId: recording.uploadId });
      }
      throw error;
    }
    logger.info('recording upload started', { recordingId: recording.recordingId, sessionId: session.sessionId, size: recording.size, replaces: recording.replaces });
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
