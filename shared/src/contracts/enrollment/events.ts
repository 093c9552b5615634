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
