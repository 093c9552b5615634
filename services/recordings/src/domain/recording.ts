import type { AcceptedContainer } from './container-sniff';
import type { RecordingErrorCode } from './errors';
import type { PartPlan } from './part-plan';
import type { ReplacedFacts } from './replacement';
import type { UploadStatus } from './upload-state';

/** One uploaded segment of one session's whole-session video (全程录像). */
export interface Recording {
  readonly recordingId: string;
  readonly sessionId: string;
  readonly classId: string;
  readonly institutionId: string;
  /** Unique per upload and never reused, so nothing can be written over an earlier recording. */
  readonly objectKey: string;
  readonly uploadId: string;
  readonly fileName: string;
  readonly contentType: string;
  readonly size: number;
  readonly partSize: number;
  readonly partCount: number;
  readonly status: UploadStatus;
  /** SHA-256 (hex) the client declared, checked against the stored bytes. */
  readonly declaredSha256?: string | undefined;
  /** The time span the video shows (ISO-8601 with offset), for coverage of the session. */
  readonly recordedFrom?: string | undefined;
  readonly recordedTo?: string | undefined;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
  /** Set once verified: SHA-256 (hex) of the stored object, its S3 ETag and its container. */
  readonly sha256?: string | undefined;
  readonly etag?: string | undefined;
  readonly container?: AcceptedContainer | undefined;
  readonly completedAt?: string | undefined;
  readonly refusalCode?: RecordingErrorCode | undefined;
  /** Uploaded through an approved replacement (`domain/replacement.ts`) of this recording. */
  readonly replaces?: string | undefined;
  readonly replacementRequestId?: string | undefined;
  /** Set on the replaced recording when its replacement is verified; the object itself stays. */
  readonly replaced?: ReplacedFacts | undefined;
}

export const planOf = (recording: Pick<Recording, 'size' | 'partSize' | 'partCount'>): PartPlan => ({
  size: recording.size,
  partSize: recording.partSize,
  partCount: recording.partCount,
});

/** Grouped by class and session so lifecycle rules, inventories and audits can work per class. */
export function recordingObjectKey(classId: string, sessionId: string, recordingId: string): string {
  return `recordings/${classId}/${sessionId}/${recordingId}`;
}
