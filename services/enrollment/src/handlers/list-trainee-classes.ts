import { Forbidden, hasRole, httpHandler, listTraineeClassesRoute } from '@peixun/shared';
import { enrollmentDependencies, logger } from '../dependencies';

/**
 * A trainee's approved classes with their sessions, read from the schedule item the approvals
 * keep (see `classes/trainee-schedules.ts`). A trainee sees only their own; reviewers and admins anyone's.
 */
export const handler = httpHandler(
  listTraineeClassesRoute,
  async ({ params, auth }) => {
    const deps = await enrollmentDependencies();
    if (!hasRole(auth, 'reviewer', 'admin') && (await deps.trainees.findIdByAccount(auth.sub)) !== params.traineeId) {
      throw new Forbidden('学员只能查看本人参加的班次。');
    }
    const schedule = (await deps.classes.schedules([params.traineeId])).get(params.traineeId);
    const classes = Object.entries(schedule?.classes ?? {}).map(([classId, booked]) => ({
      classId,
      className: booked.className,
      sessions: booked.sessions.map((session) => ({ ...session })),
    }));
    return { body: { traineeId: params.traineeId, classes } };
  },
  { logger },
);
