import { describe, expect, it } from 'vitest';
import { RecordingError } from '../src/domain/errors';
import { isTerminal, nextStatus, type UploadEvent, type UploadStatus } from '../src/domain/upload-state';

const refusal = (status: UploadStatus, event: UploadEvent): string | undefined => {
  try {
    nextStatus(status, event);
    return undefined;
  } catch (error) {
    return error instanceof RecordingError ? error.code : 'PROGRAMMING_ERROR';
  }
};

describe('upload state machine', () => {
  it('runs initiated → uploading → verifying → completed', () => {
    let status: UploadStatus = 'initiated';
    status = nextStatus(status, 'PART_URLS_ISSUED');
    expect(status).toBe('uploading');
    expect(nextStatus(status, 'PART_URLS_ISSUED')).toBe('uploading');
    status = nextStatus(status, 'COMPLETION_REQUESTED');
    expect(status).toBe('verifying');
    status = nextStatus(status, 'VERIFIED');
    expect(status).toBe('completed');
    expect(isTerminal(status)).toBe(true);
  });

  it('ends a refused verification as rejected', () => {
    expect(nextStatus('verifying', 'REFUSED')).toBe('rejected');
  });

  it('aborts an open upload, and a repeated abort is harmless', () => {
    expect(nextStatus('initiated', 'ABORT_REQUESTED')).toBe('aborted');
    expect(nextStatus('uploading', 'ABORT_REQUESTED')).toBe('aborted');
    expect(nextStatus('aborted', 'ABORT_REQUESTED')).toBe('aborted');
  });

  it('repeats verification when completion is asked again while verifying', () => {
    expect(nextStatus('verifying', 'COMPLETION_REQUESTED')).toBe('verifying');
  });

  it('Issue 5: a completed recording can be neither changed, re-completed nor deleted', () => {
    for (const event of ['PART_URLS_ISSUED', 'COMPLETION_REQUESTED', 'ABORT_REQUESTED'] as const) {
      expect(refusal('completed', event)).toBe('RECORDING_ALREADY_COMPLETED');
    }
  });

  it('refuses to continue an aborted or rejected upload', () => {
    expect(refusal('aborted', 'PART_URLS_ISSUED')).toBe('RECORDING_UPLOAD_CLOSED');
    expect(refusal('rejected', 'COMPLETION_REQUESTED')).toBe('RECORDING_UPLOAD_CLOSED');
    expect(refusal('rejected', 'ABORT_REQUESTED')).toBe('RECORDING_UPLOAD_CLOSED');
  });

  it('refuses new part URLs and aborts while S3 has already assembled the object', () => {
    expect(refusal('verifying', 'PART_URLS_ISSUED')).toBe('RECORDING_VERIFYING');
    expect(refusal('verifying', 'ABORT_REQUESTED')).toBe('RECORDING_VERIFYING');
  });

  it('treats verifying an upload that was never submitted as a programming error', () => {
    expect(refusal('uploading', 'VERIFIED')).toBe('PROGRAMMING_ERROR');
  });
});
