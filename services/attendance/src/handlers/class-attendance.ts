import { classAttendanceRoute, httpHandler, NotFound } from '@peixun/shared';
import { assertMaySeeClass } from '../app/access';
import { classAttendance } from '../app/attendance-summary';
import { attendanceDependencies, logger } from '../dependencies';

export const handler = httpHandler(
  classAttendanceRoute,
  async ({ params, auth }) => {
    const deps = await attendanceDependencies();
    const cls = await deps.projection.getClass(params.classId);
    if (cls === undefined) throw new NotFound('班次', params.classId);
    assertMaySeeClass(auth, cls);
    const roster = await deps.projection.memberIds(cls.classId, 'ENROLLED');
    return { body: { classId: cls.classId, thresholdPercent: deps.config.completionPercent, trainees: await classAttendance(deps, cls.classId, roster) } };
  },
  { logger },
);
