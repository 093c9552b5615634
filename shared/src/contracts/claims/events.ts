import * as z from 'zod';
import { defineEvent } from '../../events/contract';
import { certificateLevelSchema } from '../../validation/training';

/**
 * A certificate entered the registry (from an evaluation body, or a trainee's declaration once a
 * reviewer verified it). No ID number in clear: the masked form and the trainee, when known.
 */
export const certificateRecorded = defineEvent({
  source: 'peixun.claims',
  detailType: 'Certificate.Recorded',
  schemaVersion: 1,
  detail: {
    certificateNumber: z.string(),
    holderName: z.string(),
    idNumberMasked: z.string(),
    traineeId: z.string().optional(),
    occupationCode: z.string(),
    occupationName: z.string(),
    level: certificateLevelSchema,
    issuedOn: z.iso.date(),
    issuingBody: z.string().optional(),
    source: z.enum(['EVALUATION', 'SELF_DECLARED']),
    recordedAt: z.iso.datetime({ offset: true }),
  },
});
