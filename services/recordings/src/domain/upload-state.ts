import {
  recordingAlreadyCompleted,
  recordingUploadClosed,
  recordingVerifying,
} from './errors';

/**
 * initiated → uploading → verifying → completed, or aborted / rejected.
 * `verifying` sits between S3 completing the multipart upload and the service accepting the object
 * (size, container, checksum): hashing gigabytes outlasts an HTTP request, so it may run apart.
 * `rejected` is a completed upload that failed those checks; its object is removed.
 */
export const UPLOAD_STATUSES = ['initiated', 'uploading', 'verifying', 'completed', 'aborted', 'rejected'] as const;
export type UploadStatus = (typeof UPLOAD_STATUSES)[number];

export type UploadEvent =
  | 'PART_URLS_ISSUED'
  | 'COMPLETION_REQUESTED'
  | 'VERIFIED'
  | 'REFUSED'
  | 'ABORT_REQUESTED';

/** Only these statuses can still receive bytes. */
export const OPEN_STATUSES: ReadonlySet<UploadStatus> = new Set(['initiated', 'uploading']);

export function isTerminal(status: UploadStatus): boolean {
  return status === 'completed' || status === 'aborted' || status === 'rejected';
}

/**
 * The next status, or the refusal a client should see. Repeats that a flaky network produces are
 * harmless: asking to complete while verifying re-runs the verification, aborting twice is a no-op.
 */
export function nextStatus(current: UploadStatus, event: UploadEvent): UploadStatus {
  if (current === 'completed') throw recordingAlreadyCompleted();
  if (current === 'aborted' || current === 'rejected') {
    if (event === 'ABORT_REQUESTED' && current === 'aborted') return 'aborted';
    throw recordingUploadClosed(current);
  }
  switch (event) {
    case 'PART_URLS_ISSUED':
      if (current === 'verifying') throw recordingVerifying();
      return 'uploading';
    case 'COMPLETION_REQUESTED':
      return 'verifying';
    case 'ABORT_REQUESTED':
      // S3 already assembled the object; aborting now would leave it behind unverified.
      if (current === 'verifying') throw recordingVerifying();
      return 'aborted';
    case 'VERIFIED':
    case 'REFUSED':
      if (current !== 'verifying') throw new Error(`Upload in status ${current} cannot be ${event.toLowerCase()}`);
      return event === 'VERIFIED' ? 'completed' : 'rejected';
  }
}
