import { getTeacherRoute, httpHandler, NotFound } from '@peixun/shared';
import { enrollmentDependencies, logger } from '../dependencies';
import { assertMayViewTeacher, teacherView } from '../institutions/teacher-registration';

export const handler = httpHandler(
  getTeacherRoute,
  async ({ params, auth }) => {
    const { teachers, reference } = await enrollmentDependencies();
    const teacher = await teachers.find(params.teacherId);
    if (teacher === undefined) throw new NotFound('教师', params.teacherId);
    assertMayViewTeacher(teacher, auth, (await reference.currentDivisions()).table);
    return { body: teacherView(teacher) };
  },
  { logger },
);
