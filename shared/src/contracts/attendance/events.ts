import * as z from 'zod';
import { defineEvent } from '../../events/contract';

/**
 * Events of the attendance service. None carries a face score, an embedding or a photo: the
 * biometric evidence stays in the service; consumers (subsidy, supervision) get the facts.
 */
const SOURCE = 'peixun.attendance' as const;

export const attendanceMethodSchema = z.enum(['FACE', 'MANUAL']);
export const checkKindSchema = z.enum(['CHECK_IN', 'CHECK_OUT']);

export const attendanceRecorded = defineEvent({
  source: SOURCE,
  detailType: 'Attendance.Recorded',
  schemaVersion: 1,
  detail: {
    recordId: z.string(),
    classId: z.string(),
    sessionId: z.string(),
    traineeId: z.string(),
    /** A manual record stands for the whole session once a reviewer confirmed it. */
    kind: z.enum(['CHECK_IN', 'CHECK_OUT', 'MANUAL']),
    method: attendanceMethodSchema,
    at: z.iso.datetime({ offset: true }),
    deviceId: z.string().optional(),
  },
});

export const traineeAttendanceSchema = z.object({
  traineeId: z.string(),
  sessionsTotal: z.number().int().nonnegative(),
  /** Sessions with both a face check-in and a face check-out. */
  sessionsByFace: z.number().int().nonnegative(),
  /** Sessions covered only by a reviewer-confirmed manual record, counted apart (non-face path). */
  sessionsByManual: z.number().int().nonnegative(),
  ratePercent: z.number().min(0).max(100),
  completed: z.boolean(),
});
export type TraineeAttendance = z.infer<typeof traineeAttendanceSchema>;

export const attendanceSummarized = defineEvent({
  source: SOURCE,
  detailType: 'Attendance.Summarized',
  schemaVersion: 1,
  detail: {
    classId: z.string(),
    classVersion: z.number().int().positive(),
    institutionId: z.string(),
    approvingAreaCode: z.string(),
    /** (practice) share of sessions needed to count as completed; configurable, default 80. */
    thresholdPercent: z.number().int().min(1).max(100),
    trainees: z.array(traineeAttendanceSchema),
    summarizedAt: z.iso.datetime({ offset: true }),
  },
});

export const faceDuplicateSuspected = defineEvent({
  source: SOURCE,
  detailType: 'Face.DuplicateSuspected',
  schemaVersion: 1,
  detail: {
    /** The trainee whose new template is blocked until a reviewer decides. */
    traineeId: z.string(),
    /** Trainees already enrolled with (apparently) the same face: one person, two ID numbers? */
    matchingTraineeIds: z.array(z.string()).min(1),
    areaCode: z.string(),
    anomalyId: z.string(),
    detectedAt: z.iso.datetime({ offset: true }),
  },
});
