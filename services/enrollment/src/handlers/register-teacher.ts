import { httpHandler, now, outboxItem, registerTeacherRoute, requireEnv, RESOURCE_ENV, teacherRegistered } from '@peixun/shared';
import { enrollmentDependencies, logger } from '../dependencies';
import { registerTeacher, TeacherAlreadyRegistered, teacherView } from '../institutions/teacher-registration';
import { shanghaiTimestamp } from '../reference/calendar';

export const handler = httpHandler(
  registerTeacherRoute,
  async ({ body, auth }) => {
    const { teachers, reference } = await enrollmentDependencies();
    const at = now();
    const divisions = (await reference.currentDivisions()).table;
    const teacher = registerTeacher(body, auth, divisions);
    const view = teacherView(teacher);
    const [registration] = view.registrations;
    if (registration === undefined) throw new Error('A new teacher has its first registration');
    const announcement = outboxItem(
      teacherRegistered,
      {
        teacherId: view.teacherId,
        name: view.name,
        idNumberMasked: view.idNumberMasked,
        institutionIds: view.institutionIds,
        cityCode: registration.cityCode,
        approvedOn: registration.approvedOn,
        validUntil: registration.validUntil,
        registeredAt: shanghaiTimestamp(at),
        registeredBy: auth.sub,
      },
      at,
    );
    try {
      await teachers.register(teacher, body.idNumber, [announcement]);
    } catch (error) {
      // Registering the person again: point at the entry to renew, if the caller may see it.
      if (!(error instanceof TeacherAlreadyRegistered) || error.existingTeacherId === undefined) throw error;
      throw error.shownTo(await teachers.find(error.existingTeacherId), auth, divisions);
    }
    return { body: view };
  },
  { logger, idempotencyTable: requireEnv(RESOURCE_ENV.table) },
);
