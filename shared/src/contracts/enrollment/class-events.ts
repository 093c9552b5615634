import * as z from 'zod';
import { defineEvent } from '../../events/contract';
import { certificateLevelSchema, trainingTypeSchema } from '../../validation/training';

/**
 * Contracts of the class lifecycle events, written for their consumers:
 * - attendance needs every session with its instants and the expected trainees;
 * - recordings needs to know whether Art. 24 requires a whole-process video of each session;
 * - subsidy needs the class type, certificates with the catalogue's standard and hours cap, and
 *   the roster, to check claims against what was approved (Art. 27 "先进后补").
 * Class-level events carry a full snapshot and a `classVersion`; a consumer keeps the highest
 * version it has seen and ignores older ones, so late or repeated deliveries do no harm.
 */

const SOURCE = 'peixun.enrollment' as const;

/** ISO-8601 with the training calendar's +08:00 offset, as DESIGN.md asks for times. */
const shanghaiInstantSchema = z.iso.datetime({ offset: true }).regex(/\+08:00$/, { message: '时间须带 +08:00 时区。' });

export const eventActorSchema = z.object({
  sub: z.string(),
  role: z.enum(['trainee', 'institution', 'reviewer', 'finance', 'admin', 'evaluator', 'system']),
  institutionId: z.string().optional(),
  areaCode: z.string().optional(),
});

export const scheduledSessionSchema = z.object({
  /** Unique across classes and schools (`sessionIdFor`): the key attendance and recordings use. */
  sessionId: z.string(),
  /** The school's own name for the session, unique only inside its class: shown, never a key. */
  label: z.string(),
  startsAt: shanghaiInstantSchema,
  endsAt: shanghaiInstantSchema,
  /** Class hours the session counts for. */
  hours: z.number().positive(),
  topic: z.string(),
  teacherIds: z.array(z.string()).min(1),
  siteId: z.string(),
});

export const rosterMemberSchema = z.object({
  traineeId: z.string(),
  name: z.string(),
  /** Never the number in clear (DESIGN.md: PII redaction); the masked form lets staff tell people apart. */
  idNumberMasked: z.string(),
  certificate: z.object({ occupationCode: z.string(), level: certificateLevelSchema }).optional(),
});

export const classSnapshotSchema = z.object({
  classId: z.string(),
  classVersion: z.number().int().positive(),
  name: z.string(),
  institutionId: z.string(),
  /** The approving (and supervising, paying) office's area code. */
  approvingAreaCode: z.string().regex(/^\d{6}$/),
  siteId: z.string(),
  trainingType: trainingTypeSchema,
  trainingMode: z.enum(['LONG_TERM', 'SHORT', 'ENTREPRENEURSHIP', 'APPRENTICESHIP']),
  occupation: z.object({ code: z.string(), name: z.string() }),
  catalogueVersion: z.string(),
  /** Sample catalogues must never lead to a payment. */
  catalogueIsSample: z.boolean(),
  certificates: z.array(
    z.object({
      occupationCode: z.string(),
      level: certificateLevelSchema,
      subsidyFen: z.number().int().nonnegative(),
      subsidisedHoursCap: z.number().int().positive(),
    }),
  ),
  /** Art. 24: false for short courses and apprenticeships, and for enterprise classes with a secrecy waiver. */
  recordingRequired: z.boolean(),
  recordingWaiver: z.object({ reason: z.string(), evidenceDescription: z.string() }).optional(),
  /** Art. 19: what ends the class. */
  completionAssessment: z.enum(['NATIONAL_SKILL_EVALUATION', 'PRACTICAL_TEST', 'ENTREPRENEURSHIP_PLATFORM_EXAM', 'ENTERPRISE_ASSESSMENT']),
  /** (practice) share of sessions a trainee must attend to count as completed. */
  completionAttendancePercent: z.number().int().min(1).max(100),
  plannedHours: z.number().positive(),
  jobDemandId: z.string().optional(),
  projectId: z.string().optional(),
  sessions: z.array(scheduledSessionSchema).min(1),
  roster: z.array(rosterMemberSchema),
});
export type ClassSnapshot = z.infer<typeof classSnapshotSchema>;

export const classSubmitted = defineEvent({
  source: SOURCE,
  detailType: 'Class.Submitted',
  schemaVersion: 1,
  detail: { class: classSnapshotSchema, submittedAt: shanghaiInstantSchema, submittedBy: eventActorSchema },
});

export const classApproved = defineEvent({
  source: SOURCE,
  detailType: 'Class.Approved',
  schemaVersion: 1,
  detail: {
    class: classSnapshotSchema,
    approvedAt: shanghaiInstantSchema,
    approvedBy: eventActorSchema,
    reasons: z.array(z.string()),
  },
});

const decisionDetail = {
  classId: z.string(),
  classVersion: z.number().int().positive(),
  institutionId: z.string(),
  approvingAreaCode: z.string(),
  decidedAt: shanghaiInstantSchema,
  decidedBy: eventActorSchema,
  /** Why, in Chinese, as the reviewer wrote it; also the rule codes found, when any. */
  reasons: z.array(z.string()).min(1),
  ruleCodes: z.array(z.string()),
};

export const classRejected = defineEvent({ source: SOURCE, detailType: 'Class.Rejected', schemaVersion: 1, detail: decisionDetail });
export const classReturned = defineEvent({ source: SOURCE, detailType: 'Class.Returned', schemaVersion: 1, detail: decisionDetail });

export const classChanged = defineEvent({
  source: SOURCE,
  detailType: 'Class.Changed',
  schemaVersion: 1,
  detail: {
    class: classSnapshotSchema,
    changeRequestId: z.string(),
    changeKind: z.enum(['ADD_TRAINEE', 'WITHDRAW_TRAINEE', 'MOVE_SESSION', 'REPLACE_TEACHER', 'ADD_SESSION', 'CANCEL_SESSION']),
    reason: z.string(),
    approvedAt: shanghaiInstantSchema,
    approvedBy: eventActorSchema,
  },
});

const closingDetail = {
  classId: z.string(),
  classVersion: z.number().int().positive(),
  institutionId: z.string(),
  approvingAreaCode: z.string(),
  at: shanghaiInstantSchema,
  by: eventActorSchema,
  reasons: z.array(z.string()),
  /** Trainees on the roster at the end, for subsidy's completion check. */
  rosterTraineeIds: z.array(z.string()),
};

export const classStarted = defineEvent({ source: SOURCE, detailType: 'Class.Started', schemaVersion: 1, detail: closingDetail });
export const classCompleted = defineEvent({ source: SOURCE, detailType: 'Class.Completed', schemaVersion: 1, detail: closingDetail });
export const classCancelled = defineEvent({ source: SOURCE, detailType: 'Class.Cancelled', schemaVersion: 1, detail: closingDetail });

export const traineeEnrolled = defineEvent({
  source: SOURCE,
  detailType: 'Trainee.Enrolled',
  schemaVersion: 1,
  detail: {
    classId: z.string(),
    classVersion: z.number().int().positive(),
    institutionId: z.string(),
    trainingType: trainingTypeSchema,
    member: rosterMemberSchema,
    enrolledAt: shanghaiInstantSchema,
    /** On the approved roster, or added later by an approved change request. */
    via: z.enum(['CLASS_APPROVED', 'CHANGE_APPROVED']),
    changeRequestId: z.string().optional(),
  },
});

export const traineeWithdrawn = defineEvent({
  source: SOURCE,
  detailType: 'Trainee.Withdrawn',
  schemaVersion: 1,
  detail: {
    classId: z.string(),
    classVersion: z.number().int().positive(),
    traineeId: z.string(),
    withdrawnAt: shanghaiInstantSchema,
    reason: z.string(),
    changeRequestId: z.string(),
  },
});

export const sessionScheduled = defineEvent({
  source: SOURCE,
  detailType: 'Session.Scheduled',
  schemaVersion: 1,
  detail: {
    classId: z.string(),
    classVersion: z.number().int().positive(),
    institutionId: z.string(),
    approvingAreaCode: z.string(),
    trainingType: trainingTypeSchema,
    recordingRequired: z.boolean(),
    session: scheduledSessionSchema,
    /** Who is expected to check in (attendance) — the roster at this class version. */
    expectedTraineeIds: z.array(z.string()),
    /** First scheduling, a move or a new session; a move replaces the earlier times of the same sessionId. */
    reason: z.enum(['CLASS_APPROVED', 'SESSION_MOVED', 'SESSION_ADDED', 'TEACHER_REPLACED', 'ROSTER_CHANGED']),
  },
});

export const sessionCancelled = defineEvent({
  source: SOURCE,
  detailType: 'Session.Cancelled',
  schemaVersion: 1,
  detail: { classId: z.string(), classVersion: z.number().int().positive(), sessionId: z.string(), cancelledAt: shanghaiInstantSchema, reason: z.string() },
});

export const ENROLLMENT_CLASS_EVENTS = [
  classSubmitted,
  classApproved,
  classRejected,
  classReturned,
  classChanged,
  classStarted,
  classCompleted,
  classCancelled,
  traineeEnrolled,
  traineeWithdrawn,
  sessionScheduled,
  sessionCancelled,
] as const;
