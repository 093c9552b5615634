import { Forbidden, hasRole, httpHandler, traineeAttendanceRoute } from '@peixun/shared';
import { ownTraineeId } from '../app/access';
import { classAttendance, completionPercentOf } from '../app/attendance-summary';
import { attendanceDependencies, logger } from '../dependencies';
import { areaCovers } from '../domain/area';
import type { ProjectedClass } from '../adapters/projection-repository';

/** A trainee sees their own attendance; staff only their institution's classes of that trainee; reviewers those in their area. */
export const handler = httpHandler(
  traineeAttendanceRoute,
  async ({ params, auth }) => {
    const deps = await attendanceDependencies();
    const isSelf = hasRole(auth, 'trainee') && (await ownTraineeId(auth, deps.projection)) === params.traineeId;
    if (!isSelf && !hasRole(auth, 'institution', 'reviewer')) throw new Forbidden('学员只能查看本人的考勤。');
    const visible = (cls: ProjectedClass): boolean =>
      isSelf ||
      (hasRole(auth, 'institution') && cls.institutionId === auth.institutionId) ||
      (hasRole(auth, 'reviewer') && auth.areaCode !== undefined && areaCovers(auth.areaCode, cls.approvingAreaCode));
    const classes = await Promise.all((await deps.projection.classIdsOf(params.traineeId)).map((classId) => deps.projection.getClass(classId)));
    const shown = classes.filter((cls): cls is ProjectedClass => cls !== undefined && visible(cls));
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
