import { Forbidden, hasRole, httpHandler, listTraineeClassesRoute, NotFound } from '@peixun/shared';
import { enrollmentDependencies, logger } from '../dependencies';
import { traineeHolding } from '../use-cases/trainee-areas';

/**
 * A trainee's approved classes with their sessions, read from the schedule item the approvals
 * keep (see `classes/trainee-schedules.ts`). A trainee sees only their own, admins anyone's, and
 * reviewers those of a person their area holds, and of those only the classes their area approved.
 */
export const handler = httpHandler(
  listTraineeClassesRoute,
  async ({ params, auth }) => {
    const deps = await enrollmentDependencies();
    const isSelf = hasRole(auth, 'trainee') && (await deps.trainees.findIdByAccount(auth.sub)) === params.traineeId;
    const seesAll = isSelf || hasRole(auth, 'admin');
    let shown: (classId: string) => boolean = () => true;
    if (!seesAll) {
      if (!hasRole(auth, 'reviewer')) throw new Forbidden('学员只能查看本人参加的班次。');
      const trainee = await deps.trainees.findById(params.traineeId);
      if (trainee === undefined) throw new NotFound('学员', params.traineeId);
      const holding = await traineeHolding(deps, trainee, auth);
      if (!holding.reviewerHolds) throw new Forbidden('您只能查看本辖区的学员。');
      shown = (classId) => {
        const area = holding.classAreas.get(classId);
        return area !== undefined && holding.covers(area);
      };
    }
    const schedule = (await deps.classes.schedules([params.traineeId])).get(params.traineeId);
    const classes = Object.entries(schedule?.classes ?? {})
      .filter(([classId]) => shown(classId))
      .map(([classId, booked]) => ({
        classId,
        className: booked.className,
        // Schedules written before sessions had system ids carry the label as the id.
        sessions: booked.sessions.map((session) => ({ ...session, label: session.label ?? session.sessionId })),
      }));
    return { body: { traineeId: params.traineeId, classes } };
  },
  { logger },
);
