import { accessAllows, Forbidden, hasRole, httpHandler, traineeAttendanceRoute } from '@peixun/shared';
import { classOwner } from '../app/access';
import { classAttendance, completionPercentOf } from '../app/attendance-summary';
import { attendanceDependencies, logger } from '../dependencies';
import type { ProjectedClass } from '../adapters/projection-repository';

/**
 * A trainee sees their own attendance; staff their institution's classes of that trainee and
 * reviewers those their area approved. Anyone else, or staff and reviewers holding none of the
 * trainee's classes, are refused rather than shown an empty list.
 */
export const handler = httpHandler(
  traineeAttendanceRoute,
  async ({ params, auth }) => {
    const deps = await attendanceDependencies();
    const self = hasRole(auth, 'trainee') && (await deps.projection.traineeIdForAccount(auth.sub)) === params.traineeId;
    const classes = await Promise.all((await deps.projection.classIdsOf(params.traineeId)).map((classId) => deps.projection.getClass(classId)));
    const shown = classes.filter((cls): cls is ProjectedClass => cls !== undefined && accessAllows(traineeAttendanceRoute.access, auth, { ...classOwner(cls), self }));
    if (!self && shown.length === 0) throw new Forbidden('您无权查看该学员的考勤。');
    const rates = await Promise.all(
      shown.map(async (cls) => {
        const [rate] = await classAttendance(deps, cls.classId, [params.traineeId], completionPercentOf(cls, deps));
        return rate === undefined ? [] : [{ ...rate, classId: cls.classId }];
      }),
    );
    return { body: { traineeId: params.traineeId, classes: rates.flat() } };
  },
  { logger },
);
