import { SNIFF_BYTES, sniffContainer } from '../domain/container-sniff';
import {
  recordingChecksumMismatch,
  recordingContainerUnsupported,
  recordingNotVideo,
  recordingPartSizeMismatch,
  recordingPartsMissing,
  recordingSizeMismatch,
  type RecordingError,
} from '../domain/errors';
import { auditParts } from '../domain/part-plan';
import { planOf, type Recording } from '../domain/recording';
import { nextStatus } from '../domain/upload-state';
import type { RecordingObjectStore } from './ports';
import { assertOwnInstitution, type Caller } from './start-upload';

/**
 * Step 1 of completing, quick enough for an HTTP request: every planned part must be in S3 with
 * its planned size (otherwise the upload stays open and the client is told which parts to send),
 * then S3 assembles the object. The result is `verifying`; step 2 may run elsewhere.
 */
export async function requestCompletion(
  store: RecordingObjectStore,
  recording: Recording,
  caller: Caller,
  declaredSha256: string | undefined,
  now: Date,
): Promise<Recording> {
  assertOwnInstitution(recording, caller);
  const status = nextStatus(recording.status, 'COMPLETION_REQUESTED');
  const sha256 = recording.declaredSha256 ?? declaredSha256?.toLowerCase();
  const updated: Recording = { ...recording, status, declaredSha256: sha256, updatedAt: now.toISOString() };
  // Verifying already: S3 assembled the object on an earlier attempt, only the checks are repeated.
  if (recording.status === 'verifying') return updated;

  const parts = await store.listParts({ key: recording.objectKey, uploadId: recording.uploadId });
  const audit = auditParts(planOf(recording), parts);
  if (audit.missing.length > 0) throw recordingPartsMissing(audit.missing);
  if (audit.wrongSize.length > 0) throw recordingPartSizeMismatch(audit.wrongSize);

  const planned = parts.filter((part) => part.partNumber <= recording.partCount);
  const { etag } = await store.completeUpload({
    key: recording.objectKey,
    uploadId: recording.uploadId,
    parts: planned,
    expectedSize: recording.size,
  });
  return { ...updated, etag };
}

export type VerificationOutcome =
  | { readonly outcome: 'completed'; readonly recording: Recording }
  | { readonly outcome: 'rejected'; readonly recording: Recording; readonly error: RecordingError };

async function findRefusal(store: RecordingObjectStore, recording: Recording): Promise<RecordingError | { sha256: string; container: NonNullable<Recording['container']> }> {
  const size = await store.objectSize(recording.objectKey);
  if (size === undefined) throw new Error(`Recording ${recording.recordingId} is verifying but ${recording.objectKey} does not exist`);
  if (size !== recording.size) return recordingSizeMismatch(recording.size, size);

  const verdict = sniffContainer(await store.readHead(recording.objectKey, SNIFF_BYTES));
  if (!verdict.accepted) {
    return verdict.reason === 'not-video' ? recordingNotVideo(verdict.detected) : recordingContainerUnsupported(verdict.container);
  }
  const sha256 = await store.sha256(recording.objectKey);
  if (recording.declaredSha256 !== undefined && recording.declaredSha256 !== sha256) {
    return recordingChecksumMismatch(recording.declaredSha256, sha256);
  }
  return { sha256, container: verdict.container };
}

/**
 * Step 2: the stored object must have the declared size, start like a video container we accept
 * and, if the client declared one, have the same SHA-256. A verified recording is protected
 * against change; a refused one is removed and the upload ends as `rejected`. Reads the whole
 * object once (hashing), so for large files it belongs in a worker rather than an HTTP request.
 */
export async function verifyRecording(store: RecordingObjectStore, recording: Recording, now: Date): Promise<VerificationOutcome> {
  const result = await findRefusal(store, recording);
  const at = now.toISOString();
  if ('sha256' in result) {
    await store.protect(recording.objectKey);
    const status = nextStatus(recording.status, 'VERIFIED');
    return {
      outcome: 'completed',
      recording: { ...recording, status, sha256: result.sha256, container: result.container, completedAt: at, updatedAt: at },
    };
  }
  await store.discard(recording.objectKey);
  const status = nextStatus(recording.status, 'REFUSED');
  return { outcome: 'rejected', recording: { ...recording, status, refusalCode: result.code, updatedAt: at }, error: result };
}
