import {
  recordingNotReplaceable,
  recordingReplacementNotApproved,
  recordingReplacementNotPending,
  recordingReplacementUsed,
} from './errors';

/** What these rules read of a recording (`recording.ts` imports `ReplacedFacts` from here, so no import back). */
interface RecordingFacts {
  readonly recordingId: string;
  readonly sessionId: string;
  readonly status: string;
  readonly replaced?: ReplacedFacts | undefined;
}

/**
 * Replacing a session's completed recording (Art. 24 asks for one whole-session video; issue 15
 * item 7): the school asks with a reason, a reviewer of the class's area approves or rejects with
 * a note, and an approval opens exactly one upload. The replaced recording stays in the bucket
 * under Object Lock and is listed as replaced; coverage counts the replacement instead.
 *
 * requested → approved → uploading → completed, or requested → rejected. An upload the approval
 * opened that is aborted or fails verification gives the approval back (uploading → approved).
 */
export type ReplacementStatus = 'requested' | 'approved' | 'rejected' | 'uploading' | 'completed';

export interface ReplacementRequest {
  readonly requestId: string;
  readonly sessionId: string;
  /** The completed recording to be replaced. */
  readonly recordingId: string;
  readonly status: ReplacementStatus;
  readonly reason: string;
  readonly requestedBy: string;
  readonly requestedAt: string;
  readonly decidedBy?: string | undefined;
  readonly decidedAt?: string | undefined;
  readonly decisionNote?: string | undefined;
  /** The one upload the approval opened. */
  readonly uploadRecordingId?: string | undefined;
  readonly completedAt?: string | undefined;
}

/** What a replaced recording keeps about its replacement: who asked, who approved, when and why. */
export interface ReplacedFacts {
  readonly byRecordingId: string;
  readonly requestId: string;
  readonly reason: string;
  readonly requestedBy: string;
  readonly requestedAt: string;
  readonly approvedBy: string;
  readonly approvedAt: string;
  readonly approvalNote: string;
  readonly replacedAt: string;
}

export function assertReplaceable(recording: Omit<RecordingFacts, 'sessionId'>): void {
  if (recording.status !== 'completed' || recording.replaced !== undefined) {
    throw recordingNotReplaceable(recording.recordingId, recording.status, recording.replaced !== undefined);
  }
}

export function newReplacementRequest(input: {
  requestId: string;
  recording: RecordingFacts;
  reason: string;
  requestedBy: string;
  at: Date;
}): ReplacementRequest {
  assertReplaceable(input.recording);
  return {
    requestId: input.requestId,
    sessionId: input.recording.sessionId,
    recordingId: input.recording.recordingId,
    status: 'requested',
    reason: input.reason,
    requestedBy: input.requestedBy,
    requestedAt: input.at.toISOString(),
  };
}

/** The same request sent again (a retry without `Idempotency-Key`): same recording, same person, same reason. */
export function isSameRequest(open: ReplacementRequest, recordingId: string, requestedBy: string, reason: string): boolean {
  return open.recordingId === recordingId && open.requestedBy === requestedBy && open.reason === reason;
}

export type Decision = 'APPROVE' | 'REJECT';

/**
 * The reviewer's decision on a pending request. `unchanged` when the same reviewer's same decision
 * was already recorded (a retry); anything else on a decided request is refused.
 */
export function decide(
  request: ReplacementRequest | undefined,
  expected: { sessionId: string; recordingId: string; requestId: string },
  decision: { decision: Decision; note: string; reviewer: string; at: Date },
): { request: ReplacementRequest; unchanged: boolean } {
  if (request === undefined || request.recordingId !== expected.recordingId) {
    throw recordingReplacementNotPending(expected.sessionId, expected.requestId);
  }
  if (request.status !== 'requested') {
    const approvedAlready = decision.decision === 'APPROVE' && request.status !== 'rejected';
    const rejectedAlready = decision.decision === 'REJECT' && request.status === 'rejected';
    if (request.decidedBy === decision.reviewer && (approvedAlready || rejectedAlready)) return { request, unchanged: true };
    throw recordingReplacementNotPending(expected.sessionId, expected.requestId);
  }
  return {
    request: {
      ...request,
      status: decision.decision === 'APPROVE' ? 'approved' : 'rejected',
      decidedBy: decision.reviewer,
      decidedAt: decision.at.toISOString(),
      decisionNote: decision.note,
    },
    unchanged: false,
  };
}

/** An upload may carry out only an approved request that has opened none yet. */
export function assertOpensUpload(request: ReplacementRequest | undefined, requestId: string): ReplacementRequest {
  if (request?.status === 'approved') return request;
  if (request?.status === 'uploading' || request?.status === 'completed') throw recordingReplacementUsed(requestId, request.uploadRecordingId);
  throw recordingReplacementNotApproved(requestId, request?.status);
}

export function replacedFacts(request: ReplacementRequest, byRecordingId: string, at: string): ReplacedFacts {
  return {
    byRecordingId,
    requestId: request.requestId,
    reason: request.reason,
    requestedBy: request.requestedBy,
    requestedAt: request.requestedAt,
    approvedBy: request.decidedBy ?? '',
    approvedAt: request.decidedAt ?? '',
    approvalNote: request.decisionNote ?? '',
    replacedAt: at,
  };
}
