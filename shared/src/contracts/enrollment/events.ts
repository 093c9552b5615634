import * as z from 'zod';
import { defineEvent } from '../../events/contract';
import { targetGroupSchema } from '../../validation/person';

/** No ID number in clear: consumers get the masked form and the facts derived from it. */
export const traineeRegistered = defineEvent({
  source: 'peixun.enrollment',
  detailType: 'Trainee.Registered',
  schemaVersion: 1,
  detail: {
    traineeId: z.string(),
    name: z.string(),
    idNumberMasked: z.string(),
    sex: z.enum(['male', 'female']),
    birthDate: z.iso.date(),
    regionCode: z.string().length(6),
    targetGroups: z.array(targetGroupSchema),
    biometricConsentAt: z.iso.datetime({ offset: true }),
    registeredAt: z.iso.datetime({ offset: true }),
    registeredBy: z.object({ sub: z.string(), role: z.string(), institutionId: z.string().optional() }),
    /** Absent in events from before real-name verification. */
    verificationStatus: z.enum(['VERIFIED', 'UNVERIFIED']).optional(),
  },
});

/**
 * The provincial authority confirmed the record's ID number and name (and the person's face for a
 * self-registration): the record may now be enrolled on a class.
 */
export const traineeVerified = defineEvent({
  source: 'peixun.enrollment',
  detailType: 'Trainee.Verified',
  schemaVersion: 1,
  detail: {
    traineeId: z.string(),
    verifiedAt: z.iso.datetime({ offset: true }),
    /** What the authority compared. */
    method: z.enum(['ID_AND_NAME', 'ID_NAME_AND_FACE']),
  },
});

/**
 * An unverified record lost its ID number to a verified registration of the same person and is
 * frozen: consumers stop accepting check-ins, claims and payments for it. Reviewers of `areaCode`
 * find it in the identity anomaly list.
 */
export const traineeFrozen = defineEvent({
  source: 'peixun.enrollment',
  detailType: 'Trainee.Frozen',
  schemaVersion: 1,
  detail: {
    traineeId: z.string(),
    frozenAt: z.iso.datetime({ offset: true }),
    reason: z.literal('IDENTITY_TAKEN_OVER'),
    verifiedTraineeId: z.string(),
    anomalyId: z.string(),
    areaCode: z.string(),
  },
});

/**
 * A trainee login was linked to a record a school had registered: from now on that account acts as
 * this trainee (own classes, own check-ins). Self-registration links in `Trainee.Registered` instead.
 */
export const traineeAccountLinked = defineEvent({
  source: 'peixun.enrollment',
  detailType: 'Trainee.AccountLinked',
  schemaVersion: 1,
  detail: {
    traineeId: z.string(),
    accountSub: z.string(),
    linkedAt: z.iso.datetime({ offset: true }),
  },
});

/**
 * The trainee withdrew their separate consent to face processing (PIPL Art. 15: as easy to
 * withdraw as to give). Attendance deletes the face template and any engine-side copy; check-ins
 * then go through the manual, non-face path.
 */
export const traineeFaceConsentWithdrawn = defineEvent({
  source: 'peixun.enrollment',
  detailType: 'Trainee.FaceConsentWithdrawn',
  schemaVersion: 1,
  detail: {
    traineeId: z.string(),
    withdrawnAt: z.iso.datetime({ offset: true }),
    withdrawnBy: z.object({ sub: z.string(), role: z.string() }),
  },
});
