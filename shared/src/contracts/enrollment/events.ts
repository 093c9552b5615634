import { z } from 'zod';
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
