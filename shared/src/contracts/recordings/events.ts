import * as z from 'zod';
import { defineEvent } from '../../events/contract';

const SOURCE = 'peixun.recordings' as const;
const instantSchema = z.iso.datetime({ offset: true });

const recordingRefSchema = {
  recordingId: z.string(),
  sessionId: z.string(),
  classId: z.string(),
  institutionId: z.string(),
};

/**
 * S3 has assembled the object of a completed upload; its size, container and SHA-256 are still
 * to be checked. Consumed by the recordings service's own verifier: hashing gigabytes outlasts an
 * HTTP request, and an EventBridge rule gives the verifier retries and a dead-letter queue.
 */
export const recordingAssembled = defineEvent({
  source: SOURCE,
  detailType: 'Recording.Assembled',
  schemaVersion: 1,
  detail: { ...recordingRefSchema, assembledAt: instantSchema },
});

/** A session's recording (one segment) is stored, verified and locked against change. */
export const recordingUploaded = defineEvent({
  source: SOURCE,
  detailType: 'Recording.Uploaded',
  schemaVersion: 1,
  detail: {
    ...recordingRefSchema,
    approvingAreaCode: z.string(),
    fileName: z.string(),
    size: z.number().int().positive(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    container: z.string(),
    recordedFrom: instantSchema.optional(),
    recordedTo: instantSchema.optional(),
    uploadedBy: z.string(),
    completedAt: instantSchema,
  },
});

/**
 * Art. 24: a session that had to be filmed ended longer than the grace period ago and has no
 * verified recording. Raised once per session, for the supervising reviewers.
 */
export const recordingMissing = defineEvent({
  source: SOURCE,
  detailType: 'Recording.Missing',
  schemaVersion: 1,
  detail: {
    sessionId: z.string(),
    classId: z.string(),
    institutionId: z.string(),
    approvingAreaCode: z.string(),
    sessionStartsAt: instantSchema,
    sessionEndsAt: instantSchema,
    graceHours: z.number().nonnegative(),
    detectedAt: instantSchema,
  },
});

export const RECORDING_EVENTS = [recordingAssembled, recordingUploaded, recordingMissing] as const;
