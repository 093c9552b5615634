import { checkPartRange } from '../domain/part-plan';
import { planOf, type Recording } from '../domain/recording';
import { OPEN_STATUSES, nextStatus } from '../domain/upload-state';
import type { PresignedPartUrl, RecordingObjectStore, UploadedPart } from './ports';
import { assertOwnInstitution, type Caller } from './start-upload';

export interface IssuedPartUrls {
  readonly recording: Recording;
  readonly urls: readonly PresignedPartUrl[];
  readonly expiresAt: Date;
}

/** Signs (again) the URLs for parts `from`..`to`; any number of times, so no upload dies of an expired URL. */
export async function issuePartUrls(
  store: RecordingObjectStore,
  recording: Recording,
  caller: Caller,
  range: { from: number; to: number },
  now: Date,
): Promise<IssuedPartUrls> {
  assertOwnInstitution(recording, caller);
  const status = nextStatus(recording.status, 'PART_URLS_ISSUED');
  checkPartRange(planOf(recording), range.from, range.to);
  const signed = await store.presignPartUrls({ key: recording.objectKey, uploadId: recording.uploadId, ...range });
  const updated = status === recording.status ? recording : { ...recording, status, updatedAt: now.toISOString() };
  return { recording: updated, urls: signed.urls, expiresAt: signed.expiresAt };
}

/**
 * The parts S3 already holds: what lets a client that lost its local state continue where it
 * stopped. Once the upload is no longer open S3 forgets the parts, so the list is empty.
 */
export async function listUploadedParts(store: RecordingObjectStore, recording: Recording, caller: Caller): Promise<UploadedPart[]> {
  assertOwnInstitution(recording, caller);
  if (!OPEN_STATUSES.has(recording.status)) return [];
  return store.listParts({ key: recording.objectKey, uploadId: recording.uploadId });
}

/** Discards an unfinished upload; a completed recording is never deleted by the school. */
export async function abortUpload(store: RecordingObjectStore, recording: Recording, caller: Caller, now: Date): Promise<Recording> {
  assertOwnInstitution(recording, caller);
  const status = nextStatus(recording.status, 'ABORT_REQUESTED');
  if (status === recording.status) return recording;
  await store.abortUpload({ key: recording.objectKey, uploadId: recording.uploadId });
  return { ...recording, status, updatedAt: now.toISOString() };
}
