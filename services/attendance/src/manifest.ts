import { fileURLToPath } from 'node:url';
import {
  checkInRoute,
  checkOutRoute,
  startLivenessRoute,
  verifyLivenessRoute,
  classApproved,
  classAttendanceRoute,
  classCancelled,
  classChanged,
  classCompleted,
  confirmManualAttendanceRoute,
  decideFaceReviewRoute,
  defineService,
  enrollFaceRoute,
  FACE_ENGINE_ENV,
  institutionRegistered,
  listAnomaliesRoute,
  numberFromEnv,
  outboxRelayFunction,
  recordManualAttendanceRoute,
  registerKioskRoute,
  sessionCancelled,
  sessionScheduled,
  traineeAccountLinked,
  traineeAttendanceRoute,
  traineeEnrolled,
  traineeFaceConsentWithdrawn,
  traineeFrozen,
  traineeRegistered,
  traineeWithdrawn,
  trainingSiteAdded,
} from '@peixun/shared';

import { ATTENDANCE_CONFIG_DEFAULTS } from './config';

const entry = (file: string): string => fileURLToPath(new URL(`./handlers/${file}`, import.meta.url));

/**
 * Raw photos are evidence for a short while only (PIPL: no longer than necessary); the bucket's
 * lifecycle deletes them. Read when the manifest is loaded, i.e. at synth time in AWS.
 */
const PHOTO_RETENTION_DAYS = numberFromEnv('ATTENDANCE_PHOTO_RETENTION_DAYS', 30);

/**
 * sharp decodes photos through libvips, a native binary esbuild cannot bundle; the functions that
 * handle photos (the face functions below) get it installed for Lambda's platform
 * (infra/src/native-modules.ts). It is loaded by the first photo (face/sharp.ts), so the others
 * never reach it: `infra/test/bundle-size.test.ts` checks that a function declares a native module
 * exactly when its bundle imports it.
 */
const native = { nativeModules: ['sharp'] } as const;

/** Functions that run the face engine: the embedded one needs memory for its models (~300 MB). */
const face = { memoryMb: 1536, timeoutSeconds: 15, ...native } as const;

/** Raw photos (check-ins, reference photos), under the prefix the bucket's lifecycle expires. */
const RAW = 'raw/';
/** Idempotent routes keep their answers in the table, sealed with the PII key. */
const idempotent = { table: 'readwrite', piiKey: true } as const;
/** The face engine: Rekognition's collection in AWS, or the embedded engine's templates in the table, sealed with the PII key. */
const faces = { ...idempotent, faces: true } as const;

/** Attendance: face templates, face-verified check-in/out, anti-proxy rules, attendance rates. */
export const attendanceManifest = defineService({
  name: 'attendance',
  functions: {
    relayOutbox: outboxRelayFunction,
    projectEnrollment: { entry: entry('project-enrollment.ts'), description: '考勤：同步班次、课次、花名册与学员', memoryMb: 256, timeoutSeconds: 30, access: { table: 'readwrite' } },
    summarizeClass: { entry: entry('summarize-class.ts'), description: '考勤：结班出勤率汇总', memoryMb: 256, timeoutSeconds: 30, access: { table: 'readwrite' } },
    enrollFace: { entry: entry('enroll-face.ts'), description: '采集学员人脸模板', ...face, access: { ...faces, bucket: { write: [RAW] } } },
    decideFaceReview: { entry: entry('decide-face-review.ts'), description: '审核疑似一人多证', ...face, access: faces },
    // Deletes templates through the face engine; a minute covers Rekognition's sweep of a large collection.
    withdrawFaceConsent: { entry: entry('withdraw-face-consent.ts'), description: '撤回人脸同意：删除人脸模板', ...face, timeoutSeconds: 60, access: { ...faces, bucket: { read: [RAW], delete: [RAW] } } },
    checkIn: { entry: entry('check-in.ts'), description: '刷脸签到', ...face, access: { ...faces, bucket: { write: [RAW] }, liveness: 'required' } },
    checkOut: { entry: entry('check-out.ts'), description: '刷脸签退', ...face, access: { ...faces, bucket: { write: [RAW] }, liveness: 'required' } },
    // The embedded check judges frames with the face models, hence the face function's memory.
    startLiveness: { entry: entry('start-liveness.ts'), description: '开始活体检测', ...face, access: { table: 'readwrite', liveness: 'session' } },
    verifyLiveness: { entry: entry('verify-liveness.ts'), description: '判定活体检测', ...face, access: { table: 'readwrite', liveness: 'session' } },
    registerKiosk: { entry: entry('register-kiosk.ts'), description: '登记考勤一体机', memoryMb: 256, timeoutSeconds: 5, access: idempotent },
    recordManual: { entry: entry('record-manual.ts'), description: '人工补录考勤', memoryMb: 256, timeoutSeconds: 5, access: idempotent },
    confirmManual: { entry: entry('confirm-manual.ts'), description: '审核人工补录考勤', memoryMb: 256, timeoutSeconds: 5, access: idempotent },
    classAttendance: { entry: entry('class-attendance.ts'), description: '班次考勤汇总', memoryMb: 512, timeoutSeconds: 10, access: { table: 'read' } },
    traineeAttendance: { entry: entry('trainee-attendance.ts'), description: '学员考勤', memoryMb: 256, timeoutSeconds: 10, access: { table: 'read' } },
    listAnomalies: { entry: entry('list-anomalies.ts'), description: '考勤异常列表', memoryMb: 256, timeoutSeconds: 5, access: { table: 'read' } },
  },
  routes: [
    { contract: enrollFaceRoute, function: 'enrollFace' },
    { contract: decideFaceReviewRoute, function: 'decideFaceReview' },
    { contract: checkInRoute, function: 'checkIn' },
    { contract: checkOutRoute, function: 'checkOut' },
    { contract: startLivenessRoute, function: 'startLiveness' },
    { contract: verifyLivenessRoute, function: 'verifyLiveness' },
    { contract: registerKioskRoute, function: 'registerKiosk' },
    { contract: recordManualAttendanceRoute, function: 'recordManual' },
    { contract: confirmManualAttendanceRoute, function: 'confirmManual' },
    { contract: classAttendanceRoute, function: 'classAttendance' },
    { contract: traineeAttendanceRoute, function: 'traineeAttendance' },
    { contract: listAnomaliesRoute, function: 'listAnomalies' },
  ],
  subscriptions: [
    {
      name: 'enrollment-projection',
      events: [classApproved, classChanged, classCancelled, sessionScheduled, sessionCancelled, traineeEnrolled, traineeWithdrawn, traineeRegistered, traineeAccountLinked, traineeFrozen, institutionRegistered, trainingSiteAdded],
      function: 'projectEnrollment',
    },
    { name: 'class-completed', events: [classCompleted], function: 'summarizeClass' },
    { name: 'face-consent-withdrawn', events: [traineeFaceConsentWithdrawn], function: 'withdrawFaceConsent' },
  ],
  resources: {
    table: { indexes: ['gsi1'], outbox: { function: 'relayOutbox' } },
    bucket: { lifecycle: { expire: { prefix: 'raw/', afterDays: PHOTO_RETENTION_DAYS } } },
    publishesEvents: true,
    // Seals the embedded engine's templates (embeddings are biometric data).
    piiKey: true,
    // In AWS the Rekognition collection holds the templates; infra switches FACE_ENGINE to it.
    faceCollection: true,
  },
  // Embedded engine locally and on-premises; infra switches functions bound to the collection to Rekognition.
  config: { [FACE_ENGINE_ENV]: 'embedded', ...ATTENDANCE_CONFIG_DEFAULTS },
});
