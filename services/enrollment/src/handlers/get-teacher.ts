import { getTeacherRoute, httpHandler, NotFound } from '@peixun/shared';
import { enrollmentDependencies, logger } from '../dependencies';
import { assertMayViewTeacher, teacherView } from '../institutions/teacher-registration';

export const handler = httpHandler(
  getTeacherRoute,
  async ({ params, auth }) => {
    const { teachers, divisions } = await enrollmentDependencies();
    const teacher = await teachers.find(params.teacherId);
    if (teacher === undefined) throw new NotFound('教师', params.teacherId);
    assertMayViewTeacher(teacher, auth, divisions);
    return { body: teacherView(teacher) };
  },
  { logger },
);
