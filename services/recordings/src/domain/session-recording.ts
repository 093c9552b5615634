import { sessionCoverage } from './coverage';
import type { Recording } from './recording';
import type { ProjectedSession } from './session';

/**
 * Whether a session's recording is complete, kept on the session's own item: `completeAt` once its
 * completed recordings cover the scheduled window whole, and a `revision` that every completed
 * recording of the session moves on. A new recording is accepted only while `completeAt` is absent,
 * as a condition of the write that admits it, so no read-then-write can let one slip in.
 */
export interface SessionRecordingState {
  /** 0 before the first completed recording of the session. */
  readonly revision: number;
  /** When the session's recording became complete (ISO-8601); absent while it is not. */
  readonly completeAt?: string | undefined;
}

/**
 * The session's coverage once `verified` counts as completed, with the other recordings as stored.
 * Judged again from a fresh reading whenever another verification of the session wrote first.
 */
export function completesSession(
  session: Pick<ProjectedSession, 'startsAt' | 'endsAt'>,
  stored: readonly Recording[],
  verified: Recording,
): boolean {
  // A replacement counts instead of the recording it replaces.
  const segments = [...stored.filter((recording) => recording.recordingId !== verified.recordingId && recording.recordingId !== verified.replaces), verified];
  return sessionCoverage({ start: session.startsAt, end: session.endsAt }, segments).status === 'complete';
}
