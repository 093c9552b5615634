import * as z from 'zod';
import { isoDateSchema, localTimeSchema } from '../reference/calendar';
import { certificateLevelSchema } from '../reference/certificate-levels';
import { trainingTypeSchema } from '../reference/training-types';

/**
 * An application to open a class (开班申请, Art. 9, 23). The schema checks shape only; the
 * guideline's rules run in `validateClassApplication` so that a too-long roster or too many
 * hours come back as a rule with its article, not as a generic "invalid input".
 */

/** One teaching block of the teaching plan (教学计划), in Shanghai local date and time. */
export const sessionPlanSchema = z.object({
  sessionId: z.string().trim().min(1).max(64),
  date: isoDateSchema,
  start: localTimeSchema,
  end: localTimeSchema,
  /** Class hours (课时) the block counts for; subsidised-hour caps are in class hours. */
  hours: z.number().positive().max(12).multipleOf(0.5, { message: '课时数以0.5为最小单位。' }),
  topic: z.string().trim().min(1).max(200),
  teacherIds: z.array(z.string().trim().min(1)).min(1, { message: '每个课次至少安排一名授课教师。' }),
});
export type SessionPlan = z.infer<typeof sessionPlanSchema>;

/** A certificate the class leads to ("按证补贴", Art. 18(1)): an occupation of the catalogue at a level. */
export const certificateTargetSchema = z.object({
  occupationCode: z.string().trim().min(1),
  level: certificateLevelSchema,
});
export type CertificateTarget = z.infer<typeof certificateTargetSchema>;

export const rosterEntrySchema = z.object({
  traineeId: z.string().trim().min(1),
  /** The certificate the trainee aims for; needed when the class leads to more than one. */
  certificate: certificateTargetSchema.optional(),
  /** Art. 18(2): rural worker (incl. cooperative member), for the agricultural age relaxation. */
  ruralLabourer: z.boolean().optional(),
  /** Art. 10: apprentices need a labour contract of at least one year. */
  labourContractMonths: z.number().int().positive().max(600).optional(),
  /** Art. 23: the trainee's own application form (培训个人申请表), as a stored document id. */
  applicationFormId: z.string().trim().min(1).optional(),
});
export type RosterEntry = z.infer<typeof rosterEntrySchema>;

/** Art. 23: documents an opening application consists of (besides the roster and per-trainee forms). */
export const MATERIAL_KINDS = ['OPENING_FORM', 'TEACHING_PLAN', 'TEACHER_PROOF', 'SITE_PROOF', 'EQUIPMENT_LIST'] as const;
export type MaterialKind = (typeof MATERIAL_KINDS)[number];
export const MATERIAL_LABELS: Record<MaterialKind, string> = {
  OPENING_FORM: '培训开班申请表',
  TEACHING_PLAN: '教学计划（方案）',
  TEACHER_PROOF: '师资证明',
  SITE_PROOF: '培训场地证明',
  EQUIPMENT_LIST: '设施设备清单',
};

/** Art. 18(1): the Guangdong–Guizhou mutual-recognition projects may mix 专项 and 初级工. */
export const MUTUAL_RECOGNITION_PROGRAMMES = { YUECAI_SHIFU: '粤菜师傅', NANYUE_JIAZHENG: '南粤家政' } as const;

export const classApplicationSchema = z.object({
  classId: z.string().trim().min(1),
  institutionId: z.string().trim().min(1),
  name: z.string().trim().min(2).max(100),
  trainingType: trainingTypeSchema,
  /** The class's main occupation (or short-course / entrepreneurship item) of the catalogue. */
  occupationCode: z.string().trim().min(1),
  certificates: z.array(certificateTargetSchema).max(6),
  siteId: z.string().trim().min(1),
  projectId: z.string().trim().min(1).optional(),
  jobDemandId: z.string().trim().min(1).optional(),
  mutualRecognitionProgramme: z.enum(['YUECAI_SHIFU', 'NANYUE_JIAZHENG']).optional(),
  apprenticeship: z
    .object({ startDate: isoDateSchema, endDate: isoDateSchema, extensionReason: z.string().trim().min(1).max(500).optional() })
    .optional(),
  /** Art. 24 para. 2: enterprise training that cannot be filmed for secrecy reasons. */
  recordingWaiver: z.object({ reason: z.string().trim().min(1).max(500), evidenceDescription: z.string().trim().min(1).max(500) }).optional(),
  materials: z.array(z.object({ kind: z.enum(MATERIAL_KINDS), documentId: z.string().trim().min(1) })),
  sessions: z.array(sessionPlanSchema).min(1, { message: '教学计划至少包含一个课次。' }).max(2000),
  // Generous on purpose: the 60/30 limits are rules with articles, reported as such.
  roster: z.array(rosterEntrySchema).max(2000),
});
export type ClassApplication = z.infer<typeof classApplicationSchema>;
