import { httpHandler, NotFound, outboxItem, renewTeacherRoute, requireEnv, RESOURCE_ENV, teacherRegistered } from '@peixun/shared';
import { enrollmentDependencies, logger } from '../dependencies';
import { renewalOf, teacherView } from '../institutions/teacher-registration';
import { registrationValidUntil } from '../institutions/teachers';
import { shanghaiTimestamp } from '../reference/calendar';

export const handler = httpHandler(
  renewTeacherRoute,
  async ({ params, body, auth }) => {
    const { teachers, divisions } = await enrollmentDependencies();
    const teacher = await teachers.find(params.teacherId);
    if (teacher === undefined) throw new NotFound('教师', params.teacherId);
    const now = new Date();
    const registration = renewalOf(body, auth, divisions);
    const announcement = outboxItem(
      teacherRegistered,
      {
        teacherId: teacher.teacherId,
        name: teacher.name,
        idNumberMasked: teacher.idNumberMasked,
        institutionIds: [...teacher.institutionIds],
        cityCode: registration.cityCode,
        approvedOn: registration.approvedOn,
        validUntil: registrationValidUntil(registration),
        registeredAt: shanghaiTimestamp(now),
        registeredBy: auth.sub,
      },
      now,
    );
    await teachers.addRegistration(teacher.teacherId, registration, [announcement]);
    return { body: teacherView({ ...teacher, registrations: [...teacher.registrations, registration] }) };
  },
  { logger, idempotencyTable: requireEnv(RESOURCE_ENV.table) },
);
