import { classAttendanceRoute, httpHandler, NotFound } from '@peixun/shared';
import { classOwner } from '../app/access';
import { classAttendance, completionPercentOf } from '../app/attendance-summary';
import { attendanceDependencies, logger } from '../dependencies';

export const handler = httpHandler(
  classAttendanceRoute,
  async ({ params, assertAccess }) => {
    const deps = await attendanceDependencies();
    const cls = await deps.projection.getClass(params.classId);
    if (cls === undefined) throw new NotFound('班次', params.classId);
    assertAccess(classOwner(cls), '无权查看该班次的考勤。');
    const roster = await deps.projection.memberIds(cls.classId, 'ENROLLED');
    const thresholdPercent = completionPercentOf(cls, deps);
    return { body: { classId: cls.classId, thresholdPercent, trainees: await classAttendance(deps, cls.classId, roster, thresholdPercent) } };
  },
  { logger },
);
