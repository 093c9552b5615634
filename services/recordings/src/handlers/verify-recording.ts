import { eventHandler, on, outboxItem, recordingAssembled, recordingUploaded, requireEnv, RESOURCE_ENV, type OutboxItem, now } from '@peixun/shared';
import { verifyRecording } from '../app/complete-upload';
import { SessionRecordingChanged } from '../adapters/recording-repository';
import { recordingsDependencies, recordingStore, logger, type RecordingsDependencies } from '../dependencies';
import type { Recording } from '../domain/recording';
import { replacedFacts, type ReplacedFacts } from '../domain/replacement';
import { completesSession } from '../domain/session-recording';

/** Verifications of one session finishing at once: each retry reads the others' verdicts first. */
const SESSION_STATE_ATTEMPTS = 5;

/**
 * The completed recording and the session's recording state in one transaction: judged from the
 * session's stored recordings read at the state's revision, again if another verdict wrote first,
 * so two halves verified at the same moment still mark the session complete.
 */
async function saveCompleted(deps: RecordingsDependencies, verified: Recording, events: readonly OutboxItem[]): Promise<void> {
  const replaced = await replacementOf(deps, verified);
  for (let attempt = 1; ; attempt += 1) {
    const state = await deps.sessions.recordingState(verified.sessionId);
    const [session, stored] = await Promise.all([deps.sessions.find(verified.sessionId), deps.recordings.ofSession(verified.sessionId)]);
    if (session === undefined) throw new Error(`Recording ${verified.recordingId}: session ${verified.sessionId} is not projected`);
    try {
      await deps.recordings.completeVerified(verified, state, completesSession(session, stored, verified), events, replaced);
      return;
    } catch (error) {
      if (!(error instanceof SessionRecordingChanged) || attempt >= SESSION_STATE_ATTEMPTS) throw error;
    }
  }
}

/** A replacement upload replaces its request's recording: who asked, who approved, when and why. */
async function replacementOf(deps: RecordingsDependencies, verified: Recording): Promise<ReplacedFacts | undefined> {
  if (verified.replacementRequestId === undefined) return undefined;
  const request = await deps.replacements.find(verified.sessionId, verified.replacementRequestId);
  if (request === undefined) throw new Error(`Recording ${verified.recordingId}: replacement request ${verified.replacementRequestId} not found`);
  return replacedFacts(request, verified.recordingId, verified.completedAt ?? verified.updatedAt);
}

/**
 * Verifies an assembled recording apart from the HTTP request (size, container sniff, SHA-256 of
 * the stored bytes). Safe to run twice: a recording no longer `verifying` is left alone, and the
 * status write is conditional. `Recording.Uploaded` is written to the outbox in the same
 * transaction as the completed status, so it exists exactly when the recording is completed.
 */
export const handler = eventHandler(
  [
    on(recordingAssembled, async ({ detail }) => {
      const deps = recordingsDependencies();
      const recording = await deps.recordings.find(detail.sessionId, detail.recordingId);
      if (recording?.status !== 'verifying') return;
      const verdict = await verifyRecording(recordingStore(), recording, now());
      const verified = verdict.recording;
      const events: OutboxItem[] = [];
      if (verdict.outcome === 'completed') {
        // Uploads start only for known sessions, and a cancellation keeps the session's facts.
        const session = await deps.sessions.find(verified.sessionId);
        if (session === undefined) throw new Error(`Recording ${verified.recordingId}: session ${verified.sessionId} is not projected`);
        events.push(
          outboxItem(recordingUploaded, {
            recordingId: verified.recordingId,
            sessionId: verified.sessionId,
            classId: verified.classId,
            institutionId: verified.institutionId,
            approvingAreaCode: session.areaCode,
            fileName: verified.fileName,
            size: verified.size,
            sha256: verified.sha256 ?? '',
            container: verified.container ?? '',
            recordedFrom: verified.recordedFrom,
            recordedTo: verified.recordedTo,
            uploadedBy: verified.createdBy,
            completedAt: verified.completedAt ?? verified.updatedAt,
          }),
        );
      }
      if (verdict.outcome === 'completed') await saveCompleted(deps, verified, events);
      else await deps.recordings.transition(verified, 'verifying', events);
      logger.info('recording verified', { recordingId: verified.recordingId, outcome: verdict.outcome, refusal: verified.refusalCode });
    }),
  ],
  { logger },
);
