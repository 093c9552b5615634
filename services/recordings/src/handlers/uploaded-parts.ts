import { httpHandler, uploadedPartsRoute } from '@peixun/shared';
import { listUploadedParts } from '../app/upload-parts';
import { recordingsDependencies, recordingStore, logger } from '../dependencies';
import { callerOf, recordingOf } from './lookups';

export const handler = httpHandler(
  uploadedPartsRoute,
  async ({ params, auth }) => {
    const deps = recordingsDependencies();
    const recording = await recordingOf(deps, params.sessionId, params.recordingId);
    const parts = await listUploadedParts(recordingStore(), recording, callerOf(auth));
    return {
      body: { recordingId: recording.recordingId, status: recording.status, partSize: recording.partSize, partCount: recording.partCount, parts },
    };
  },
  { logger },
);
