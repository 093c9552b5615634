import * as z from 'zod';
import { defineRoute } from '../../http/route-contract';
import { attendanceErrors } from './errors';
import { checkKindSchema, traineeAttendanceSchema } from './events';
import { BASE64, photoBase64Schema } from './photo';

const idSchema = z.string().regex(/^[a-zA-Z0-9_.\-:]{1,128}$/, { message: '编号格式不正确。' });
/** A liveness challenge's id: 128 random bits, base64url. */
const livenessIdSchema = z.string().regex(/^[A-Za-z0-9_-]{22}$/, { message: '活体检测编号格式不正确。' });
const reasonSchema = z.string().trim().min(2, { message: '请填写原因。' }).max(500);

// ---- face enrolment --------------------------------------------------------------------------

export const faceStatusSchema = z.enum(['ACTIVE', 'BLOCKED_DUPLICATE', 'REJECTED']);

/** A photo the face engine cannot use (the person retakes it), or an engine too busy to look (retry). */
const PHOTO_ERRORS = [
  'IMAGE_UNSUPPORTED',
  'IMAGE_UNREADABLE',
  'IMAGE_TOO_LARGE',
  'FACE_NOT_FOUND',
  'FACE_MULTIPLE',
  'FACE_TOO_SMALL',
  'FACE_BLURRED',
  'FACE_POSE',
  'FACE_LOW_QUALITY',
  'FACE_ENGINE_BUSY',
] as const;

export const enrollFaceRoute = defineRoute({
  method: 'PUT',
  path: '/trainees/{traineeId}/face',
  operationId: 'enrollFace',
  idempotent: true,
  summary: '采集学员人脸模板（须本人已单独同意）',
  tags: ['考勤'],
  access: { trainee: 'own-record', institution: 'own-institution' },
  params: z.object({ traineeId: idSchema }),
  body: z.object({ photo: photoBase64Schema }),
  response: { status: 200, schema: z.object({ traineeId: z.string(), status: faceStatusSchema }) },
  errors: attendanceErrors('FACE_CONSENT_MISSING', 'FACE_CONSENT_WITHDRAWN', 'TRAINEE_UNKNOWN', ...PHOTO_ERRORS, 'FORBIDDEN'),
});

export const decideFaceReviewRoute = defineRoute({
  method: 'POST',
  path: '/face-reviews/{traineeId}/decision',
  operationId: 'decideFaceReview',
  idempotent: true,
  summary: '审核疑似一人多证的人脸模板',
  tags: ['考勤'],
  access: { reviewer: 'area' },
  params: z.object({ traineeId: idSchema }),
  body: z.object({ decision: z.enum(['APPROVE', 'REJECT']), reason: reasonSchema }),
  response: { status: 200, schema: z.object({ traineeId: z.string(), status: faceStatusSchema }) },
  errors: attendanceErrors('FACE_REVIEW_NOT_PENDING', 'FORBIDDEN'),
});

// ---- check-in / check-out --------------------------------------------------------------------

export const checkBodySchema = z.object({
  photo: photoBase64Schema,
  /** Given: 1:1 verification; omitted (kiosk): 1:N identification among the class roster. */
  traineeId: idSchema.optional(),
  deviceId: idSchema,
  /**
   * A passed liveness check (`POST /sessions/{sessionId}/liveness`) of this session and this
   * trainee (own phone) or device (kiosk); consumed by the check. Required where the deployment
   * requires liveness (`LIVENESS_REQUIRED`).
   */
  livenessId: livenessIdSchema.optional(),
});

export const checkResultSchema = z.object({
  /** Pass/fail and a reason only: the score and threshold stay in the record. */
  result: z.literal('PASSED'),
  recordId: z.string(),
  traineeId: z.string(),
  kind: checkKindSchema,
  at: z.iso.datetime({ offset: true }),
});

const checkErrors = [
  'FACE_RETRY_SECOND_PHOTO',
  'SESSION_NOT_FOUND',
  'SESSION_CANCELLED',
  'CLASS_CANCELLED',
  'SESSION_NOT_OPEN',
  'NOT_ON_ROSTER',
  'FACE_MISMATCH',
  'FACE_NOT_ENROLLED',
  'FACE_CONSENT_WITHDRAWN',
  'PROXY_SUSPECTED',
  'DEVICE_RATE_LIMITED',
  'DEVICE_BUSY',
  'LOCKED_OUT',
  'ALREADY_RECORDED',
  'PHOTO_REPLAYED',
  'TRAINEE_FROZEN',
  'LIVENESS_REQUIRED',
  ...PHOTO_ERRORS,
] as const;

const sessionParams = z.object({ sessionId: idSchema });

export const checkInRoute = defineRoute({
  method: 'POST',
  path: '/sessions/{sessionId}/check-ins',
  operationId: 'checkIn',
  idempotent: true,
  summary: '刷脸签到',
  tags: ['考勤'],
  access: { trainee: 'own-record', institution: 'own-institution' },
  params: sessionParams,
  body: checkBodySchema,
  response: { status: 201, schema: checkResultSchema },
  errors: attendanceErrors(...checkErrors),
});

export const checkOutRoute = defineRoute({
  method: 'POST',
  path: '/sessions/{sessionId}/check-outs',
  operationId: 'checkOut',
  idempotent: true,
  summary: '刷脸签退',
  tags: ['考勤'],
  access: { trainee: 'own-record', institution: 'own-institution' },
  params: sessionParams,
  body: checkBodySchema,
  response: { status: 201, schema: checkResultSchema },
  errors: attendanceErrors(...checkErrors),
});

// ---- liveness (issue 15) ---------------------------------------------------------------------

/**
 * One frame of a liveness burst. Twelve frames must fit a synchronous Lambda request (6 MB) after
 * base64: 300 KB each is ample for a 640×480 JPEG (~50 KB).
 */
export const MAX_LIVENESS_FRAME_BYTES = 300 * 1024;
const livenessFrameSchema = z
  .string()
  .min(1)
  .max(Math.ceil(MAX_LIVENESS_FRAME_BYTES / 3) * 4, { message: '每张画面不能超过 300 KB。' })
  .regex(BASE64, { message: '画面须为 Base64 编码。' });

export const livenessActionSchema = z.enum(['TURN_LEFT', 'TURN_RIGHT', 'BLINK']);

export const startLivenessRoute = defineRoute({
  method: 'POST',
  path: '/sessions/{sessionId}/liveness',
  operationId: 'startLiveness',
  summary: '开始活体检测（签到前，随机动作，约 60 秒内有效）',
  tags: ['考勤'],
  access: { trainee: 'own-record', institution: 'own-institution' },
  params: sessionParams,
  /** The device the check runs on: a kiosk's is what the challenge is bound to; a trainee's own phone binds to the trainee. */
  body: z.object({ deviceId: idSchema }),
  response: {
    status: 201,
    schema: z.object({
      livenessId: z.string(),
      mode: z.enum(['embedded', 'rekognition']),
      /** Embedded mode: the movement to film. */
      action: livenessActionSchema.optional(),
      instruction: z.string(),
      /** Rekognition mode: the Face Liveness session the client streams to. */
      providerSessionId: z.string().optional(),
      expiresAt: z.iso.datetime({ offset: true }),
    }),
  },
  errors: attendanceErrors('SESSION_NOT_FOUND', 'SESSION_CANCELLED', 'CLASS_CANCELLED', 'FORBIDDEN'),
});

export const verifyLivenessRoute = defineRoute({
  method: 'POST',
  path: '/liveness/{livenessId}/frames',
  operationId: 'verifyLiveness',
  summary: '提交活体检测画面（一次性，判定通过或不通过）',
  tags: ['考勤'],
  access: { trainee: 'own-record', institution: 'own-institution' },
  params: z.object({ livenessId: livenessIdSchema }),
  body: z.object({
    /** The kiosk the challenge was started on; a trainee's check is bound to the trainee. */
    deviceId: idSchema,
    /** Embedded mode: 5–12 JPEG frames in the order taken; Rekognition mode: none. */
    frames: z.array(livenessFrameSchema).max(12, { message: '最多提交 12 张画面。' }),
  }),
  response: {
    status: 200,
    schema: z.object({
      livenessId: z.string(),
      passed: z.boolean(),
      /** Stable code of the reason it did not pass. */
      failure: z.string().optional(),
      message: z.string(),
    }),
  },
  errors: attendanceErrors('LIVENESS_CHALLENGE_UNAVAILABLE', 'LIVENESS_NOT_FINISHED', 'FORBIDDEN'),
});

export const registerKioskRoute = defineRoute({
  method: 'PUT',
  path: '/kiosks/{deviceId}',
  operationId: 'registerKiosk',
  idempotent: true,
  summary: '登记考勤一体机（不受单设备每分钟人数限制）',
  tags: ['考勤'],
  access: { institution: 'own-institution' },
  params: z.object({ deviceId: idSchema }),
  body: z.object({ siteId: idSchema, description: z.string().max(200) }),
  response: { status: 200, schema: z.object({ deviceId: z.string(), institutionId: z.string() }) },
  errors: attendanceErrors('FORBIDDEN'),
});

// ---- non-face fallback -----------------------------------------------------------------------

export const manualRecordStatusSchema = z.enum(['PENDING', 'CONFIRMED', 'REJECTED']);

export const manualRecordSchema = z.object({
  recordId: z.string(),
  sessionId: z.string(),
  classId: z.string(),
  traineeId: z.string(),
  reason: z.string(),
  status: manualRecordStatusSchema,
  recordedAt: z.string(),
  recordedBy: z.string(),
});

export const recordManualAttendanceRoute = defineRoute({
  method: 'POST',
  path: '/sessions/{sessionId}/manual-records',
  operationId: 'recordManualAttendance',
  idempotent: true,
  summary: '人工补录考勤（非人脸方式，须审核确认）',
  tags: ['考勤'],
  access: { institution: 'own-institution' },
  params: sessionParams,
  body: z.object({ traineeId: idSchema, reason: reasonSchema }),
  response: { status: 201, schema: manualRecordSchema },
  errors: attendanceErrors('SESSION_NOT_FOUND', 'SESSION_CANCELLED', 'CLASS_CANCELLED', 'NOT_ON_ROSTER', 'ALREADY_RECORDED', 'FORBIDDEN'),
});

export const confirmManualAttendanceRoute = defineRoute({
  method: 'POST',
  path: '/manual-records/{recordId}/decision',
  operationId: 'confirmManualAttendance',
  idempotent: true,
  summary: '审核人工补录的考勤',
  tags: ['考勤'],
  access: { reviewer: 'area' },
  params: z.object({ recordId: idSchema }),
  body: z.object({ decision: z.enum(['CONFIRM', 'REJECT']), reason: reasonSchema }),
  response: { status: 200, schema: manualRecordSchema },
  errors: attendanceErrors('MANUAL_RECORD_NOT_PENDING', 'NOT_FOUND', 'FORBIDDEN'),
});

// ---- reading ---------------------------------------------------------------------------------

export const classAttendanceRoute = defineRoute({
  method: 'GET',
  path: '/classes/{classId}/attendance',
  operationId: 'getClassAttendance',
  summary: '班次考勤汇总（出勤率）',
  tags: ['考勤'],
  access: { institution: 'own-institution', reviewer: 'area' },
  params: z.object({ classId: idSchema }),
  response: {
    status: 200,
    schema: z.object({ classId: z.string(), thresholdPercent: z.number(), trainees: z.array(traineeAttendanceSchema) }),
  },
  errors: attendanceErrors('NOT_FOUND', 'FORBIDDEN'),
});

export const traineeAttendanceRoute = defineRoute({
  method: 'GET',
  path: '/trainees/{traineeId}/attendance',
  operationId: 'getTraineeAttendance',
  summary: '学员本人考勤',
  tags: ['考勤'],
  access: { trainee: 'own-record', institution: 'own-institution', reviewer: 'area' },
  params: z.object({ traineeId: idSchema }),
  response: {
    status: 200,
    schema: z.object({
      traineeId: z.string(),
      classes: z.array(traineeAttendanceSchema.extend({ classId: z.string() })),
    }),
  },
  errors: attendanceErrors('FORBIDDEN'),
});

export const anomalyKindSchema = z.enum(['DUPLICATE_FACE', 'PROXY_ATTEMPT', 'PHOTO_REPLAY', 'LOCKED_OUT', 'DEVICE_RATE_LIMITED']);

export const anomalySchema = z.object({
  anomalyId: z.string(),
  kind: anomalyKindSchema,
  areaCode: z.string(),
  traineeId: z.string().optional(),
  otherTraineeIds: z.array(z.string()),
  sessionId: z.string().optional(),
  deviceId: z.string().optional(),
  detectedAt: z.string(),
});

export const listAnomaliesRoute = defineRoute({
  method: 'GET',
  path: '/attendance-anomalies',
  operationId: 'listAttendanceAnomalies',
  summary: '本辖区考勤异常（疑似一人多证、代签、锁定）',
  tags: ['考勤'],
  access: { reviewer: 'area' },
  response: { status: 200, schema: z.object({ anomalies: z.array(anomalySchema) }) },
  errors: attendanceErrors('FORBIDDEN'),
});
