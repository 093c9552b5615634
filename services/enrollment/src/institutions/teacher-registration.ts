import { type AuthContext, DomainError, Forbidden, hasRole, maskResidentId, newId, type RegisterTeacherBody, type TeacherView } from '@peixun/shared';
import { article } from '../reference/articles';
import type { DivisionTable } from '../reference/divisions';
import { defineRule } from '../reference/rules';
import { registrationValidUntil, type Teacher, type TeacherRegistration } from './teachers';

export const TEACHER_REGISTRY_RULES = {
  outsideArea: defineRule('TEACHER_REGISTRY_OUTSIDE_AREA', article(33), '师资由所在市（州）人力资源社会保障部门认定并纳入本市师资库'),
} as const;

export class TeacherAlreadyRegistered extends DomainError {
  /** The teacher already in the registry; not shown to the caller until `shownTo` allows it. */
  readonly existingTeacherId: string | undefined;

  constructor(existingTeacherId?: string, shown = false) {
    super({
      code: 'TEACHER_ALREADY_REGISTERED',
      status: 409,
      title: '教师已在师资库',
      detail:
        shown && existingTeacherId !== undefined
          ? `该身份证号码的教师已登记（教师编号 ${existingTeacherId}），请办理年度更新而不是重复登记。`
          : '该身份证号码的教师已登记，请办理年度更新而不是重复登记。',
      ...(shown && existingTeacherId !== undefined ? { existing: { teacherId: existingTeacherId } } : {}),
    });
    this.existingTeacherId = existingTeacherId;
  }

  /**
   * The same refusal with the existing teacher's id when the caller may view that teacher (admins,
   * reviewers of a city whose registry holds it: `assertMayViewTeacher`); anyone else learns only
   * that the person is registered, which the uniqueness rule itself tells.
   */
  shownTo(teacher: Teacher | undefined, auth: AuthContext, divisions: DivisionTable): TeacherAlreadyRegistered {
    if (teacher === undefined || !mayViewTeacher(teacher, auth, divisions)) return this;
    return new TeacherAlreadyRegistered(teacher.teacherId, true);
  }
}

class TeacherRegistryOutsideArea extends DomainError {
  constructor(cityCode: string, areaCode: string | undefined) {
    const violation = TEACHER_REGISTRY_RULES.outsideArea.violation(`师资库为${cityCode}，审核人员所属区划为${areaCode ?? '未设置'}。`);
    super({ code: violation.code, status: 403, title: '无权登记该市师资', detail: violation.message });
  }
}

/** Admins, and reviewers of the city whose registry it is (or of a county in it), keep the registry. */
function assertMayKeepRegistry(cityCode: string, auth: AuthContext, divisions: DivisionTable): void {
  if (!hasRole(auth, 'admin') && (auth.areaCode === undefined || divisions.cityOf(auth.areaCode)?.code !== cityCode)) {
    throw new TeacherRegistryOutsideArea(cityCode, auth.areaCode);
  }
}

export function registerTeacher(body: RegisterTeacherBody, auth: AuthContext, divisions: DivisionTable): Teacher {
  const { cityCode } = body.registration;
  assertMayKeepRegistry(cityCode, auth, divisions);
  return {
    teacherId: newId('tch'),
    name: body.name,
    idNumberMasked: maskResidentId(body.idNumber),
    institutionIds: [...new Set(body.institutionIds)],
    qualification: body.qualification,
    registrations: [{ cityCode, approvedOn: body.registration.approvedOn, approvedBy: auth.sub }],
  };
}

/** The yearly renewal (每年更新一次, Art. 33): a new one-year registration by the registry's office. */
export function renewalOf(registration: RegisterTeacherBody['registration'], auth: AuthContext, divisions: DivisionTable): TeacherRegistration {
  assertMayKeepRegistry(registration.cityCode, auth, divisions);
  return { cityCode: registration.cityCode, approvedOn: registration.approvedOn, approvedBy: auth.sub };
}

/** Institutions see their own teachers, reviewers their city's registry, admins all. */
function mayViewTeacher(teacher: Teacher, auth: AuthContext, divisions: DivisionTable): boolean {
  if (hasRole(auth, 'admin')) return true;
  if (hasRole(auth, 'institution') && auth.institutionId !== undefined && teacher.institutionIds.includes(auth.institutionId)) return true;
  const city = auth.areaCode === undefined ? undefined : divisions.cityOf(auth.areaCode)?.code;
  return hasRole(auth, 'reviewer') && teacher.registrations.some((registration) => registration.cityCode === city);
}

export function assertMayViewTeacher(teacher: Teacher, auth: AuthContext, divisions: DivisionTable): void {
  if (!mayViewTeacher(teacher, auth, divisions)) throw new Forbidden('您只能查看本机构或本市师资库的教师。');
}

export function teacherView(teacher: Teacher): TeacherView {
  return {
    ...teacher,
    institutionIds: [...teacher.institutionIds],
    registrations: teacher.registrations.map((registration) => ({ ...registration, validUntil: registrationValidUntil(registration) })),
  };
}
