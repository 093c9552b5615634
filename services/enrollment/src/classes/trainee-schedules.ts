import { sessionIdFor } from '@peixun/shared';
import type { ClassApplication } from './class-application';
import { timeSession } from './schedule';
import type { BookedSession } from './validation-context';

/**
 * Why overlaps are enforced with one schedule item per trainee (`TRAINEE#<id>` / `SCHEDULE`):
 * "a trainee cannot sit in two classes whose sessions overlap" must hold even when two offices
 * approve two classes with the same trainee in the same second. Checking the other classes and
 * then writing would let both approvals pass. Each approval therefore reads the schedules of its
 * roster, runs the overlap rule against them, and writes the class together with every
 * rewritten schedule in one TransactWriteItems, each schedule conditional on the revision it
 * read. The second of two concurrent approvals finds a schedule changed under it, re-reads, and
 * now sees the first class's sessions: the overlap rule refuses it with the trainee and session.
 * Teachers are booked the same way, in the same transaction (`teacher-schedules.ts`).
 *
 * The alternative — a sentinel item per trainee per time slot — was rejected: sessions start at
 * any minute, so slots would have to be minutes (thousands of items per class, far beyond the
 * 100 actions of one transaction). One item per trainee costs one action per trainee (a class
 * has at most 60), holds any session times exactly, and doubles as "my classes" for the trainee.
 */
export interface ScheduledSessionTimes {
  /** The session's id across services (`sessionIdFor`); `label` is the school's name for it in its class. */
  readonly sessionId: string;
  readonly label: string;
  readonly startsAt: string;
  readonly endsAt: string;
}

export interface BookedClass {
  readonly className: string;
  readonly sessions: readonly ScheduledSessionTimes[];
}

/** What trainee and teacher schedules share: the booked classes, under an optimistic-lock revision. */
export interface Schedule {
  /** 0 for a schedule not yet stored. */
  readonly revision: number;
  readonly classes: Readonly<Record<string, BookedClass>>;
}

export interface TraineeSchedule extends Schedule {
  readonly traineeId: string;
}

/** Every booked session of one schedule except those of `classId` itself (the class being judged). */
export function sessionsOutside(schedule: Schedule, classId: string): BookedSession[] {
  return Object.entries(schedule.classes)
    .filter(([bookedClassId]) => bookedClassId !== classId)
    .flatMap(([bookedClassId, booked]) => booked.sessions.map((session) => ({ classId: bookedClassId, className: booked.className, ...session })));
}

/** The overlap rule's input: every booked session of the trainees except those of `classId` itself. */
export function otherBookedSessions(schedules: ReadonlyMap<string, TraineeSchedule>, classId: string): Map<string, BookedSession[]> {
  return new Map([...schedules.values()].map((schedule) => [schedule.traineeId, sessionsOutside(schedule, classId)]));
}

/** The class's sessions as a schedule books them, keeping only those `keep` selects. */
export function bookingOf(classId: string, application: ClassApplication, keep: (session: ClassApplication['sessions'][number]) => boolean = () => true): BookedClass {
  return {
    className: application.name,
    sessions: application.sessions
      .filter(keep)
      .map(timeSession)
      .map(({ sessionId: label, startsAt, endsAt }) => ({ sessionId: sessionIdFor(classId, label), label, startsAt, endsAt })),
  };
}

/**
 * Every schedule whose booking of `classId` must change to `bookingFor(schedule)` (undefined:
 * released); untouched schedules are not returned.
 */
export function rebookSchedules<S extends Schedule>(schedules: Iterable<S>, classId: string, bookingFor: (schedule: S) => BookedClass | undefined): S[] {
  return [...schedules].flatMap((schedule) => {
    const { [classId]: previous, ...others } = schedule.classes;
    const booking = bookingFor(schedule);
    if (booking !== undefined) return [{ ...schedule, classes: { ...others, [classId]: booking } }];
    return previous === undefined ? [] : [{ ...schedule, classes: others }];
  });
}

/**
 * The schedules to write so that the class's booking matches `application` (its roster and
 * sessions), or is released when `application` is undefined (a cancelled class). Trainees who
 * left the roster lose the booking; untouched schedules are not returned.
 */
export function rebookClass(
  schedules: ReadonlyMap<string, TraineeSchedule>,
  classId: string,
  application: ClassApplication | undefined,
): TraineeSchedule[] {
  const booking = application === undefined ? undefined : bookingOf(classId, application);
  const onRoster = new Set(application?.roster.map((entry) => entry.traineeId) ?? []);
  return rebookSchedules(schedules.values(), classId, (schedule) => (onRoster.has(schedule.traineeId) ? booking : undefined));
}
