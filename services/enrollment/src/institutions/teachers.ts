import * as z from 'zod';
import { addDays, anniversary, isoDateSchema } from '../reference/calendar';
import { areaCodeSchema } from '../reference/divisions';

/**
 * Teacher registry (师资库, Art. 33): the city HRSS office certifies a teacher's qualification
 * to teach (上岗资格) and enters it in the city registry, which is renewed every year. A
 * registration therefore lasts one year from its approval; renewing adds a new registration,
 * so the history of who could teach when stays intact for later audits (Art. 28).
 */
export const teacherRegistrationSchema = z.object({
  /** City (市/州) whose registry holds the entry. */
  cityCode: areaCodeSchema,
  approvedOn: isoDateSchema,
  approvedBy: z.string().min(1),
  /** Set when the office withdraws the registration before it runs out. */
  revokedOn: isoDateSchema.optional(),
});
export type TeacherRegistration = z.infer<typeof teacherRegistrationSchema>;

export const teacherSchema = z.object({
  teacherId: z.string().min(1),
  name: z.string().trim().min(1).max(30),
  /** Masked resident ID number; the clear number stays with the identity store. */
  idNumberMasked: z.string(),
  /** The institution the teacher works for, when any; a teacher may teach for several. */
  institutionIds: z.array(z.string()),
  qualification: z.object({
    certificateNumber: z.string().trim().min(1).max(64),
    /** e.g. 职业技能等级证书（二级/技师）、教师资格证. */
    description: z.string().trim().min(1).max(100),
  }),
  registrations: z.array(teacherRegistrationSchema),
});
export type Teacher = z.infer<typeof teacherSchema>;

/** Last calendar day the registration is valid: the day before its first anniversary. */
export function registrationValidUntil(registration: TeacherRegistration): string {
  const lastDay = addDays(anniversary(registration.approvedOn, 1), -1);
  if (registration.revokedOn !== undefined && registration.revokedOn <= lastDay) return addDays(registration.revokedOn, -1);
  return lastDay;
}

function registrationCovers(registration: TeacherRegistration, date: string, cityCode?: string): boolean {
  if (cityCode !== undefined && registration.cityCode !== cityCode) return false;
  return registration.approvedOn <= date && date <= registrationValidUntil(registration);
}

/**
 * True when the teacher may teach on `date` (a Shanghai calendar date). With `cityCode`, only
 * that city's registry counts: the city that certified the teacher supervises them (Art. 33).
 */
export function teacherValidOn(teacher: Teacher, date: string, cityCode?: string): boolean {
  return teacher.registrations.some((registration) => registrationCovers(registration, date, cityCode));
}

/** Yearly renewal (每年更新一次): a new one-year registration from the approval date. */
export function renewTeacherRegistration(teacher: Teacher, registration: TeacherRegistration): Teacher {
  return { ...teacher, registrations: [...teacher.registrations, registration] };
}
