/** Attendance rates of a class's trainees, from the projection and the records. */
import type { TraineeAttendance } from '@peixun/shared';
import type { ProjectedClass } from '../adapters/projection-repository';
import type { AttendanceDependencies } from '../dependencies';
import { attendanceOf, type SessionFacts } from '../domain/attendance-rate';

/**
 * The share of sessions a trainee of this class must attend: the class's own figure, approved
 * with it (`completionAttendancePercent` of its snapshot), else the deployment's default. The
 * default applies only when the class was never seen with a snapshot (e.g. Class.Completed
 * delivered before Class.Approved).
 */
export function completionPercentOf(cls: ProjectedClass | undefined, deps: Pick<AttendanceDependencies, 'config'>): number {
  return cls?.completionAttendancePercent ?? deps.config.completionPercent;
}

export async function classAttendance(
  deps: AttendanceDependencies,
  classId: string,
  traineeIds: readonly string[],
  thresholdPercent: number,
): Promise<TraineeAttendance[]> {
  const [sessions, facts] = await Promise.all([deps.projection.scheduledSessions(classId), deps.checks.classFacts(classId)]);
  const bySession = new Map<string, { checkedIn: Set<string>; checkedOut: Set<string>; manualConfirmed: Set<string> }>(
    sessions.map((session) => [session.sessionId, { checkedIn: new Set(), checkedOut: new Set(), manualConfirmed: new Set() }]),
  );
  for (const check of facts.checks) {
    const session = bySession.get(check.sessionId);
    (check.kind === 'CHECK_IN' ? session?.checkedIn : session?.checkedOut)?.add(check.traineeId);
  }
  for (const record of facts.manual) {
    if (record.status === 'CONFIRMED') bySession.get(record.sessionId)?.manualConfirmed.add(record.traineeId);
  }
  const sessionFacts: SessionFacts[] = [...bySession.entries()].map(([sessionId, sets]) => ({ sessionId, ...sets }));
  return traineeIds.map((traineeId) => attendanceOf(traineeId, sessionFacts, thresholdPercent));
}
