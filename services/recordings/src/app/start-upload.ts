import { planParts, type PartPlanLimits } from '../domain/part-plan';
import { recordingInvalidTimeRange, recordingNotOwnInstitution, recordingSessionAlreadyRecorded } from '../domain/errors';
import { recordingObjectKey, type Recording } from '../domain/recording';
import { assertVideoRequired, type ClassRecordingFacts } from '../domain/recording-requirement';
import type { ReplacementRequest } from '../domain/replacement';
import type { RecordingObjectStore } from './ports';

/** What the service knows about the session, from its projection of enrollment events. */
export interface SessionFacts {
  readonly sessionId: string;
  readonly classId: string;
  readonly institutionId: string;
  /** Administrative division of the class, for viewing rights. */
  readonly areaCode: string;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly recording: ClassRecordingFacts;
  /** When the session's recording became complete (`domain/session-recording.ts`); absent while it is not. */
  readonly recordingCompleteAt?: string | undefined;
}

export interface Caller {
  readonly sub: string;
  readonly institutionId?: string | undefined;
}

export interface StartUploadRequest {
  readonly fileName: string;
  readonly size: number;
  readonly contentType?: string | undefined;
  readonly sha256?: string | undefined;
  readonly recordedFrom?: string | undefined;
  readonly recordedTo?: string | undefined;
  readonly durationSeconds?: number | undefined;
}

export interface StartUploadDeps {
  readonly store: RecordingObjectStore;
  readonly limits: PartPlanLimits;
  readonly newRecordingId: () => string;
  readonly now: () => Date;
}

/** Only staff of the institution running the class touch its recordings (Issue 5 "Rules"). */
export function assertOwnInstitution(session: Pick<SessionFacts, 'sessionId' | 'institutionId'>, caller: Caller): void {
  if (caller.institutionId === undefined || caller.institutionId !== session.institutionId) {
    throw recordingNotOwnInstitution({ sessionId: session.sessionId, caller: caller.sub, callerInstitution: caller.institutionId });
  }
}

/**
 * A recording sent without its times is dated by its session, so coverage counts it instead of
 * calling it undated: from the session's start, for the video's own length when the client read
 * it, else to the session's end. Times given by the client always win.
 */
export function recordedTimes(
  request: StartUploadRequest,
  session: Pick<SessionFacts, 'startsAt' | 'endsAt'>,
): { recordedFrom: string | undefined; recordedTo: string | undefined } {
  if (request.recordedFrom !== undefined || request.recordedTo !== undefined) {
    checkTimeRange(request.recordedFrom, request.recordedTo);
    return { recordedFrom: request.recordedFrom, recordedTo: request.recordedTo };
  }
  if (request.durationSeconds === undefined) return { recordedFrom: session.startsAt, recordedTo: session.endsAt };
  return { recordedFrom: session.startsAt, recordedTo: new Date(Date.parse(session.startsAt) + request.durationSeconds * 1_000).toISOString() };
}

function checkTimeRange(from: string | undefined, to: string | undefined): void {
  if (from === undefined && to === undefined) return;
  if (from === undefined || to === undefined) throw recordingInvalidTimeRange();
  const start = Date.parse(from);
  const end = Date.parse(to);
  if (Number.isNaN(start) || Number.isNaN(end) || end <= start) throw recordingInvalidTimeRange();
}

/**
 * S3 metadata is ASCII only; Chinese file names travel percent-encoded.
 * Why the metadata at all: an object found without its database row still says what it is.
 */
function objectMetadata(recording: Omit<Recording, 'uploadId'>): Record<string, string> {
  return {
    'recording-id': recording.recordingId,
    'session-id': recording.sessionId,
    'class-id': recording.classId,
    'institution-id': recording.institutionId,
    'file-name': encodeURIComponent(recording.fileName),
    ...(recording.declaredSha256 === undefined ? {} : { 'declared-sha256': recording.declaredSha256 }),
    ...(recording.replaces === undefined ? {} : { replaces: recording.replaces }),
  };
}

/**
 * Checks every rule before anything exists in S3, then opens the multipart upload under a key no
 * other upload has ever used. `replacement`: the approved request this upload carries out
 * (`domain/replacement.ts`, checked by the caller); it lets a session whose recording is complete
 * take this one recording, which replaces the request's recording once verified.
 */
export async function startUpload(
  deps: StartUploadDeps,
  session: SessionFacts,
  caller: Caller,
  request: StartUploadRequest,
  replacement?: ReplacementRequest,
): Promise<Recording> {
  assertOwnInstitution(session, caller);
  assertVideoRequired(session.recording);
  const { recordedFrom, recordedTo } = recordedTimes(request, session);
  const plan = planParts(request.size, deps.limits);
  // Read here so the common case opens no S3 upload; the write that admits the recording checks it again.
  if (replacement === undefined && session.recordingCompleteAt !== undefined) throw recordingSessionAlreadyRecorded(session.sessionId, session.recordingCompleteAt);

  const recordingId = deps.newRecordingId();
  const now = deps.now().toISOString();
  const draft: Omit<Recording, 'uploadId'> = {
    recordingId,
    sessionId: session.sessionId,
    classId: session.classId,
    institutionId: session.institutionId,
    objectKey: recordingObjectKey(session.classId, session.sessionId, recordingId),
    fileName: request.fileName,
    contentType: request.contentType ?? 'application/octet-stream',
    size: plan.size,
    partSize: plan.partSize,
    partCount: plan.partCount,
    status: 'initiated',
    declaredSha256: request.sha256?.toLowerCase(),
    recordedFrom,
    recordedTo,
    createdAt: now,
    createdBy: caller.sub,
    updatedAt: now,
    ...(replacement === undefined ? {} : { replaces: replacement.recordingId, replacementRequestId: replacement.requestId }),
  };
  const { uploadId } = await deps.store.createUpload({
    key: draft.objectKey,
    contentType: draft.contentType,
    metadata: objectMetadata(draft),
  });
  return { ...draft, uploadId };
}
