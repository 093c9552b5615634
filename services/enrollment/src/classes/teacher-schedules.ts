import type { ClassApplication } from './class-application';
import { bookingOf, rebookSchedules, type Schedule, sessionsOutside } from './trainee-schedules';
import type { BookedSession } from './validation-context';

/**
 * A teacher cannot teach two overlapping sessions of any two classes, whichever institutions run
 * them. Enforced exactly like the trainee overlap (see `trainee-schedules.ts`): one schedule item
 * per teacher (`TEACHER#<id>` / `SCHEDULE`) holding only the sessions that teacher teaches, read
 * by the approval, judged by the rule, and rewritten in the approval's transaction conditional on
 * the revision read. A distinct teacher costs one action of the transaction.
 */
/**
 * Most distinct teachers one class may name: the approval's transaction holds the class, up to
 * 60 trainee schedules (class size, Art. 18), one schedule per teacher and a decided change, within
 * DynamoDB's 100 actions. No real class comes near it.
 */
export const CLASS_TEACHER_CAPACITY = 30;

export interface TeacherSchedule extends Schedule {
  readonly teacherId: string;
}

/** Every teacher named on any session of the class, once. */
export function teacherIdsOf(application: ClassApplication): string[] {
  return [...new Set(application.sessions.flatMap((session) => session.teacherIds))];
}

/** The overlap rule's input: every session each teacher teaches elsewhere. */
export function otherTaughtSessions(schedules: ReadonlyMap<string, TeacherSchedule>, classId: string): Map<string, BookedSession[]> {
  return new Map([...schedules.values()].map((schedule) => [schedule.teacherId, sessionsOutside(schedule, classId)]));
}

/**
 * The teacher schedules to write so that each teacher holds exactly the class's sessions they
 * teach in `application`, or none when it is undefined (a cancelled class) or they no longer teach in it.
 */
export function rebookTeachers(schedules: ReadonlyMap<string, TeacherSchedule>, classId: string, application: ClassApplication | undefined): TeacherSchedule[] {
  return rebookSchedules(schedules.values(), classId, (schedule) => {
    if (application === undefined) return undefined;
    const booking = bookingOf(classId, application, (session) => session.teacherIds.includes(schedule.teacherId));
    return booking.sessions.length === 0 ? undefined : booking;
  });
}
