import type { ReplacementRequestView } from '@peixun/shared/contracts/recordings';
import type { ReplacementRequest } from '../domain/replacement';

/** The client's view of a replacement request; absent facts are left out rather than sent empty. */
export function toReplacementView(request: ReplacementRequest): ReplacementRequestView {
  return {
    requestId: request.requestId,
    sessionId: request.sessionId,
    recordingId: request.recordingId,
    status: request.status,
    reason: request.reason,
    requestedBy: request.requestedBy,
    requestedAt: request.requestedAt,
    ...(request.decidedBy === undefined ? {} : { decidedBy: request.decidedBy }),
    ...(request.decidedAt === undefined ? {} : { decidedAt: request.decidedAt }),
    ...(request.decisionNote === undefined ? {} : { decisionNote: request.decisionNote }),
    ...(request.uploadRecordingId === undefined ? {} : { uploadRecordingId: request.uploadRecordingId }),
    ...(request.completedAt === undefined ? {} : { completedAt: request.completedAt }),
  };
}
