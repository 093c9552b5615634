/**
 * Starting and answering a liveness check before a face check (issue 15). The challenge is bound
 * to the session and to whoever will check in: a trainee on their own phone is bound as the
 * trainee, a school's kiosk as the device. The check (`check-attendance.ts`) later consumes the
 * passed result of exactly that binding.
 */
import type { AuthContext } from '@peixun/shared';
import type { ProjectedClass } from '../adapters/projection-repository';
import type { AttendanceDependencies } from '../dependencies';
import type { LivenessChallenge, LivenessCheck, LivenessResult } from '../face';
import { livenessSubject } from './access';
import { openSession } from './check-attendance';

export async function startLiveness(
  deps: AttendanceDependencies,
  check: LivenessCheck,
  command: { sessionId: string; deviceId: string; auth: AuthContext; authorize: (cls: ProjectedClass) => Promise<void> },
): Promise<LivenessChallenge> {
  // Only for a session the caller may check in to, open for attendance (not cancelled, class approved).
  const { session } = await openSession(deps, command.sessionId, command.authorize);
  return check.start({ sessionId: session.sessionId, subject: await livenessSubject(deps.projection, command.auth, command.deviceId) });
}

export async function verifyLiveness(
  deps: AttendanceDependencies,
  check: LivenessCheck,
  command: { livenessId: string; deviceId: string; frames: readonly Uint8Array[]; auth: AuthContext },
): Promise<LivenessResult> {
  return check.verify(command.livenessId, command.frames, await livenessSubject(deps.projection, command.auth, command.deviceId));
}
