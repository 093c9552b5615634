import { getClassRoute, hasRole, httpHandler } from '@peixun/shared';
import { assertMayViewClass } from '../classes/class-access';
import { enrollmentDependencies, logger } from '../dependencies';
import { findClass } from '../use-cases/class-commands';
import { classView } from '../use-cases/class-view';

export const handler = httpHandler(
  getClassRoute,
  async ({ params, auth }) => {
    const deps = await enrollmentDependencies();
    const record = await findClass(deps, params.classId);
    const traineeId = hasRole(auth, 'trainee') ? await deps.trainees.findIdByAccount(auth.sub) : undefined;
    assertMayViewClass(record.lifecycle, record.application, auth, (await deps.reference.currentDivisions()).table, traineeId);
    return { body: classView(record) };
  },
  { logger },
);
