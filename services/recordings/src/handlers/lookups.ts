import { NotFound, type AuthContext } from '@peixun/shared';
import type { Caller } from '../app/start-upload';
import { recordingSessionUnknown } from '../domain/errors';
import type { Recording } from '../domain/recording';
import type { ProjectedSession } from '../domain/session';
import type { RecordingsDependencies } from '../dependencies';

/** Lookups every handler repeats: an unknown or cancelled session and an unknown recording are 404s. */
export async function sessionOf(deps: RecordingsDependencies, sessionId: string): Promise<ProjectedSession> {
  const session = await deps.sessions.find(sessionId);
  if (session === undefined || session.cancelled) throw recordingSessionUnknown(sessionId);
  return session;
}

export async function recordingOf(deps: RecordingsDependencies, sessionId: string, recordingId: string): Promise<Recording> {
  const recording = await deps.recordings.find(sessionId, recordingId);
  if (recording === undefined) throw new NotFound('录像', recordingId);
  return recording;
}

export const callerOf = (auth: AuthContext): Caller => ({ sub: auth.sub, institutionId: auth.institutionId });
