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

export interface TraineeSchedule {
  readonly traineeId: string;
  /** 0 for a schedule not yet stored. */
  readonly revision: number;
  readonly classes: Readonly<Record<string, BookedClass>>;
}

/** The overlap rule's input: every booked session of the trainees except those of `classId` itself. */
export function otherBookedSessions(schedules: ReadonlyMap<string, TraineeSchedule>, classId: string): Map<string, BookedSession[]> {
  return new Map(
    [...schedules.values()].map((schedule) => [
      schedule.traineeId,
      Object.entries(schedule.classes)
        .filter(([bookedClassId]) => bookedClassId !== classId)
        .flatMap(([bookedClassId, booked]) =>
          booked.sessions.map((session) => ({ classId: bookedClassId, className: booked.className, ...session })),
        ),
    ]),
  );
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
  const booking: BookedClass | undefined =
    application === undefined
      ? undefined
      : {
          className: application.name,
          sessions: application.sessions
            .map(timeSession)
            .map(({ sessionId: label, startsAt, endsAt }) => ({ sessionId: sessionIdFor(classId, label), label, startsAt, endsAt })),
        };
  const onRoster = new Set(application?.roster.map((entry) => entry.traineeId) ?? []);
  return [...schedules.values()].flatMap((schedule) => {
    const { [classId]: previous, ...others } = schedule.classes;
    if (booking !== undefined && onRoster.has(schedule.traineeId)) {
      return [{ ...schedule, classes: { ...others, [classId]: booking } }];
    }
    return previous === undefined ? [] : [{ ...schedule, classes: others }];
  });
}
