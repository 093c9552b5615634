/** Attendance rates of a class's trainees, from the projection and the records. */
import type { TraineeAttendance } from '@peixun/shared';
import type { AttendanceDependencies } from '../dependencies';
import { attendanceOf, type SessionFacts } from '../domain/attendance-rate';

export async function classAttendance(deps: AttendanceDependencies, classId: string, traineeIds: readonly string[]): Promise<TraineeAttendance[]> {
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
  return traineeIds.map((traineeId) => attendanceOf(traineeId, sessionFacts, deps.config.completionPercent));
}
