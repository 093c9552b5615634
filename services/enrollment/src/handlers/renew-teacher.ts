import { httpHandler, NotFound, now, outboxItem, renewTeacherRoute, requireEnv, RESOURCE_ENV, teacherRegistered } from '@peixun/shared';
import { enrollmentDependencies, logger } from '../dependencies';
import { renewalOf, teacherView } from '../institutions/teacher-registration';
import { registrationValidUntil } from '../institutions/teachers';
import { shanghaiTimestamp } from '../reference/calendar';

export const handler = httpHandler(
  renewTeacherRoute,
  async ({ params, body, auth }) => {
    const { teachers, reference } = await enrollmentDependencies();
    const [teacher, divisions] = await Promise.all([teachers.find(params.teacherId), reference.currentDivisions()]);
    if (teacher === undefined) throw new NotFound('教师', params.teacherId);
    const at = now();
    const registration = renewalOf(body, auth, divisions.table);
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
        registeredAt: shanghaiTimestamp(at),
        registeredBy: auth.sub,
      },
      at,
    );
    await teachers.addRegistration(teacher.teacherId, registration, [announcement]);
    return { body: teacherView({ ...teacher, registrations: [...teacher.registrations, registration] }) };
  },
  { logger, idempotencyTable: requireEnv(RESOURCE_ENV.table) },
);
