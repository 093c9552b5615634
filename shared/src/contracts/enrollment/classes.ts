import * as z from 'zod';
import { defineRoute } from '../../http/route-contract';
import { calendarDateSchema, occupationCatalogueCodeSchema, referenceIdSchema } from '../../validation/bounds';
import { certificateLevelSchema, trainingTypeSchema } from '../../validation/training';
import { enrollmentErrors } from './errors';

/**
 * Class opening applications (开班申请, Art. 9, 18, 23) on the wire. The schema checks shape
 * only; the guideline's rules (60 per class, hour caps, overlaps…) come back from the service
 * as rule violations with their article, not as "invalid input".
 */
const isoDate = calendarDateSchema;
const localTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: '时间格式应为 HH:MM（24小时制）。' });
const instant = z.iso.datetime({ offset: true });
export const classIdSchema = z.string().regex(/^cls_[0-9a-z]{26}$/, { message: '班次编号格式不正确。' });
export const changeRequestIdSchema = z.string().regex(/^chg_[0-9a-z]{26}$/, { message: '变更申请编号格式不正确。' });

export const sessionPlanBodySchema = z.object({
  sessionId: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .describe('课次在本班内的名称（由培训机构自定，仅在本班内唯一）；跨服务使用的课次编号由系统分配，见班次的 sessions'),
  date: isoDate.describe('上课日期（北京时间）'),
  start: localTime,
  end: localTime,
  hours: z.number().positive().max(12).multipleOf(0.5, { message: '课时数以0.5为最小单位。' }),
  topic: z.string().trim().min(1).max(200),
  teacherIds: z.array(referenceIdSchema).min(1, { message: '每个课次至少安排一名授课教师。' }).max(20),
});

const certificateTarget = z.object({ occupationCode: occupationCatalogueCodeSchema, level: certificateLevelSchema });

export const rosterEntryBodySchema = z.object({
  traineeId: referenceIdSchema.describe('已实名登记的学员编号（第二十七条）'),
  certificate: certificateTarget.optional(),
  ruralLabourer: z.boolean().optional(),
  labourContractMonths: z.number().int().positive().max(600).optional(),
  applicationFormId: referenceIdSchema.optional(),
});

export const classApplicationBodySchema = z
  .object({
    name: z.string().trim().min(2).max(100),
    trainingType: trainingTypeSchema,
    occupationCode: occupationCatalogueCodeSchema,
    certificates: z.array(certificateTarget).max(6),
    siteId: referenceIdSchema,
    projectId: referenceIdSchema.optional(),
    jobDemandId: referenceIdSchema.optional(),
    mutualRecognitionProgramme: z.enum(['YUECAI_SHIFU', 'NANYUE_JIAZHENG']).optional(),
    apprenticeship: z
      .object({ startDate: isoDate, endDate: isoDate, extensionReason: z.string().trim().min(1).max(500).optional() })
      .optional(),
    recordingWaiver: z.object({ reason: z.string().trim().min(1).max(500), evidenceDescription: z.string().trim().min(1).max(500) }).optional(),
    materials: z
      .array(z.object({ kind: z.enum(['OPENING_FORM', 'TEACHING_PLAN', 'TEACHER_PROOF', 'SITE_PROOF', 'EQUIPMENT_LIST']), documentId: referenceIdSchema }))
      .max(50),
    sessions: z.array(sessionPlanBodySchema).min(1, { message: '教学计划至少包含一个课次。' }).max(2000),
    // Generous on purpose: the 60/30 limits are rules with articles, reported as such.
    roster: z.array(rosterEntryBodySchema).max(2000),
  })
  .strict();
export type ClassApplicationBody = z.infer<typeof classApplicationBodySchema>;

const actorSchema = z.object({
  sub: z.string(),
  role: z.string(),
  institutionId: z.string().optional(),
  areaCode: z.string().optional(),
});

export const classViewSchema = z.object({
  classId: z.string(),
  institutionId: z.string(),
  status: z.enum(['DRAFT', 'SUBMITTED', 'APPROVED', 'REJECTED', 'RETURNED', 'IN_PROGRESS', 'COMPLETED', 'CANCELLED']),
  /** Grows with every transition and approved change. */
  version: z.number().int().positive(),
  approvingAreaCode: z.string(),
  application: classApplicationBodySchema,
  /** The system's id of each session (check-ins, recordings), next to the school's label for it. */
  sessions: z.array(z.object({ label: z.string(), sessionId: z.string() })),
  history: z.array(
    z.object({
      action: z.string(),
      from: z.string(),
      to: z.string(),
      at: instant,
      actor: actorSchema,
      reasons: z.array(z.string()),
      changeRequestId: z.string().optional(),
    }),
  ),
});
export type ClassView = z.infer<typeof classViewSchema>;

const classParams = z.object({ classId: classIdSchema });
const reasonsBody = z.object({ reasons: z.array(z.string().trim().min(1).max(500)).max(20).default([]) }).strict();

/**
 * A broken Guideline rule (60 per class, hour caps, a trainee in two overlapping classes…) is one
 * 422 CLASS_APPLICATION_VIOLATES_RULES listing every violation with its own code in `errors`.
 */
const RULE_ERRORS = ['CLASS_APPLICATION_VIOLATES_RULES', 'TRANSITION_NOT_ALLOWED', 'CLASS_MODIFIED_CONCURRENTLY', 'FORBIDDEN', 'NOT_FOUND'] as const;
/** Art. 9, 31: only the approving office's reviewers, and none linked to the applicant, act on a class. */
const REVIEWER_REFUSALS = ['REVIEWER_OUTSIDE_AREA', 'REVIEWER_IS_APPLICANT'] as const;

export const createClassRoute = defineRoute({
  method: 'POST',
  path: '/classes',
  operationId: 'createClass',
  idempotent: true,
  summary: '新建开班申请（草稿）',
  tags: ['开班申请'],
  access: { institution: 'own-institution' },
  body: classApplicationBodySchema,
  response: { status: 201, schema: classViewSchema },
  errors: enrollmentErrors('VALIDATION_FAILED', ...RULE_ERRORS),
});

export const editClassRoute = defineRoute({
  method: 'PUT',
  path: '/classes/{classId}',
  operationId: 'editClass',
  idempotent: true,
  summary: '修改开班申请（草稿或退回修改时）',
  tags: ['开班申请'],
  access: { institution: 'own-institution' },
  params: classParams,
  body: classApplicationBodySchema,
  response: { status: 200, schema: classViewSchema },
  errors: enrollmentErrors('VALIDATION_FAILED', 'CLASS_LOCKED_USE_CHANGE_REQUEST', 'NOT_CLASS_INSTITUTION', ...RULE_ERRORS),
});

export const getClassRoute = defineRoute({
  method: 'GET',
  path: '/classes/{classId}',
  operationId: 'getClass',
  summary: '查看班次',
  tags: ['开班申请'],
  access: { institution: 'own-institution', reviewer: 'area', trainee: 'own-record', admin: 'any' },
  params: classParams,
  response: { status: 200, schema: classViewSchema },
  errors: enrollmentErrors('NOT_FOUND', 'FORBIDDEN'),
});

export const submitClassRoute = defineRoute({
  method: 'POST',
  path: '/classes/{classId}/submit',
  operationId: 'submitClass',
  idempotent: true,
  summary: '提交开班申请',
  tags: ['开班申请'],
  access: { institution: 'own-institution' },
  params: classParams,
  response: { status: 200, schema: classViewSchema },
  errors: enrollmentErrors('SUBMITTED_AFTER_CLASS_START', 'NOT_CLASS_INSTITUTION', ...RULE_ERRORS),
});

export const reviewClassRoute = defineRoute({
  method: 'POST',
  path: '/classes/{classId}/review',
  operationId: 'reviewClass',
  idempotent: true,
  summary: '审核开班申请（批准、不予批准、退回修改）',
  tags: ['开班申请'],
  access: { reviewer: 'area' },
  params: classParams,
  body: z.object({ decision: z.enum(['APPROVE', 'REJECT', 'RETURN']), reasons: reasonsBody.shape.reasons }).strict(),
  response: { status: 200, schema: classViewSchema },
  errors: enrollmentErrors('REASONS_REQUIRED', 'APPROVAL_AFTER_CLASS_START', ...REVIEWER_REFUSALS, ...RULE_ERRORS),
});

export const startClassRoute = defineRoute({
  method: 'POST',
  path: '/classes/{classId}/start',
  operationId: 'startClass',
  idempotent: true,
  summary: '开班',
  tags: ['开班申请'],
  access: { institution: 'own-institution' },
  params: classParams,
  response: { status: 200, schema: classViewSchema },
  errors: enrollmentErrors('CLASS_NOT_YET_STARTED', 'NOT_CLASS_INSTITUTION', ...RULE_ERRORS),
});

export const completeClassRoute = defineRoute({
  method: 'POST',
  path: '/classes/{classId}/complete',
  operationId: 'completeClass',
  idempotent: true,
  summary: '结业',
  tags: ['开班申请'],
  access: { institution: 'own-institution', reviewer: 'area' },
  params: classParams,
  response: { status: 200, schema: classViewSchema },
  errors: enrollmentErrors('CLASS_NOT_FINISHED', 'NOT_CLASS_INSTITUTION', ...REVIEWER_REFUSALS, ...RULE_ERRORS),
});

export const cancelClassRoute = defineRoute({
  method: 'POST',
  path: '/classes/{classId}/cancel',
  operationId: 'cancelClass',
  idempotent: true,
  summary: '撤销班次',
  tags: ['开班申请'],
  access: { institution: 'own-institution', reviewer: 'area' },
  params: classParams,
  body: reasonsBody,
  response: { status: 200, schema: classViewSchema },
  errors: enrollmentErrors('REASONS_REQUIRED', 'NOT_CLASS_INSTITUTION', ...REVIEWER_REFUSALS, 'ACTION_ROLE_NOT_ALLOWED', ...RULE_ERRORS),
});

/** Changes to an approved class go through the approving office (Art. 9, 28), never as silent edits. */
export const classChangeBodySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ADD_TRAINEE'), entry: rosterEntryBodySchema }),
  z.object({ kind: z.literal('WITHDRAW_TRAINEE'), traineeId: referenceIdSchema }),
  z.object({ kind: z.literal('MOVE_SESSION'), sessionId: referenceIdSchema, date: isoDate, start: localTime, end: localTime }),
  z.object({ kind: z.literal('REPLACE_TEACHER'), sessionId: referenceIdSchema, fromTeacherId: referenceIdSchema, toTeacherId: referenceIdSchema }),
  z.object({ kind: z.literal('ADD_SESSION'), session: sessionPlanBodySchema }),
  z.object({ kind: z.literal('CANCEL_SESSION'), sessionId: referenceIdSchema }),
]);

export const changeRequestViewSchema = z.object({
  changeRequestId: z.string(),
  classId: z.string(),
  change: classChangeBodySchema,
  reason: z.string(),
  status: z.enum(['PENDING', 'APPROVED', 'REJECTED']),
  requestedBy: actorSchema,
  requestedAt: instant,
  decidedBy: actorSchema.optional(),
  decidedAt: instant.optional(),
  decisionReasons: z.array(z.string()).optional(),
});
export type ChangeRequestView = z.infer<typeof changeRequestViewSchema>;

export const requestClassChangeRoute = defineRoute({
  method: 'POST',
  path: '/classes/{classId}/change-requests',
  operationId: 'requestClassChange',
  idempotent: true,
  summary: '申请变更已批准的班次',
  tags: ['开班申请'],
  access: { institution: 'own-institution' },
  params: classParams,
  body: z.object({ change: classChangeBodySchema, reason: z.string().trim().min(1).max(500) }).strict(),
  response: { status: 201, schema: changeRequestViewSchema },
  errors: enrollmentErrors(
    'CHANGE_REQUEST_NOT_APPLICABLE',
    'NOT_CLASS_INSTITUTION',
    'CHANGE_REASON_REQUIRED',
    'TRAINEE_NOT_IN_ROSTER',
    'SESSION_NOT_FOUND',
    'SESSION_ALREADY_HELD',
    'SESSION_MOVED_INTO_PAST',
    'TEACHER_NOT_ON_SESSION',
    ...RULE_ERRORS,
  ),
});

export const decideClassChangeRoute = defineRoute({
  method: 'POST',
  path: '/classes/{classId}/change-requests/{changeRequestId}/decision',
  operationId: 'decideClassChange',
  idempotent: true,
  summary: '审核班次变更申请',
  tags: ['开班申请'],
  access: { reviewer: 'area' },
  params: z.object({ classId: classIdSchema, changeRequestId: changeRequestIdSchema }),
  body: z.object({ decision: z.enum(['APPROVE', 'REJECT']), reasons: reasonsBody.shape.reasons }).strict(),
  response: { status: 200, schema: changeRequestViewSchema },
  errors: enrollmentErrors('CHANGE_REQUEST_ALREADY_DECIDED', 'CHANGE_REASON_REQUIRED', ...REVIEWER_REFUSALS, ...RULE_ERRORS),
});

export const traineeClassesViewSchema = z.object({
  traineeId: z.string(),
  classes: z.array(
    z.object({
      classId: z.string(),
      className: z.string(),
      sessions: z.array(z.object({ sessionId: z.string(), label: z.string(), startsAt: instant, endsAt: instant })),
    }),
  ),
});

export const listTraineeClassesRoute = defineRoute({
  method: 'GET',
  path: '/trainees/{traineeId}/classes',
  operationId: 'listTraineeClasses',
  summary: '查看学员参加的已批准班次及课次',
  tags: ['学员'],
  access: { trainee: 'own-record', reviewer: 'area', admin: 'any' },
  params: z.object({ traineeId: z.string().regex(/^trn_[0-9a-z]{26}$/, { message: '学员编号格式不正确。' }) }),
  response: { status: 200, schema: traineeClassesViewSchema },
  errors: enrollmentErrors('FORBIDDEN'),
});

export const classSummarySchema = z.object({
  classId: z.string(),
  name: z.string(),
  institutionId: z.string(),
  trainingType: trainingTypeSchema,
  status: classViewSchema.shape.status,
  version: z.number().int().positive(),
  approvingAreaCode: z.string(),
  firstSessionStartsAt: instant,
});

export const listClassesRoute = defineRoute({
  method: 'GET',
  path: '/classes',
  operationId: 'listClasses',
  summary: '班次列表（培训机构看本机构，审核人员看本部门审批的班次），新近的在前',
  tags: ['开班申请'],
  access: { institution: 'own-institution', reviewer: 'area' },
  query: z.object({
    status: classViewSchema.shape.status.optional(),
    /** Opaque, from the previous page's `nextCursor`. */
    cursor: z
      .string()
      .max(1000)
      .refine((value) => /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(value), { message: '分页标记无效，请从第一页重新查询。', params: { code: 'INVALID_CURSOR' } })
      .optional(),
  }),
  response: { status: 200, schema: z.object({ classes: z.array(classSummarySchema), nextCursor: z.string().optional() }) },
  errors: enrollmentErrors('FORBIDDEN', 'VALIDATION_FAILED'),
});
