import { fenSchema } from '@peixun/shared';
import * as z from 'zod';
import { isoDateSchema } from '../reference/calendar';
import { areaCodeSchema } from '../reference/divisions';
import { trainingTypeSchema } from '../reference/training-types';

/**
 * A yearly training project (职业培训项目, Art. 7): what an office buys for the year —
 * occupation, headcount and funds — and how it bought it. Classes of procured types are
 * opened under a project awarded to the institution.
 */
export const PROCUREMENT_METHODS = [
  'PUBLIC_TENDER',
  'COMPETITIVE_NEGOTIATION',
  'COMPETITIVE_CONSULTATION',
  'E_MALL',
  'SELF_PROCUREMENT',
  'SINGLE_SOURCE',
] as const;
export type ProcurementMethod = (typeof PROCUREMENT_METHODS)[number];
export const PROCUREMENT_METHOD_LABELS: Record<ProcurementMethod, string> = {
  PUBLIC_TENDER: '公开招标',
  COMPETITIVE_NEGOTIATION: '竞争性谈判',
  COMPETITIVE_CONSULTATION: '竞争性磋商',
  E_MALL: '电子卖场采购',
  SELF_PROCUREMENT: '单位自行采购',
  SINGLE_SOURCE: '单一来源采购',
};

export const procurementSchema = z.object({
  method: z.enum(PROCUREMENT_METHODS),
  /** Art. 7(3): an urgent training task may justify single-source procurement. */
  urgent: z.boolean(),
  justification: z.string().trim().max(2000).optional(),
  /** Art. 7(3): finance requires the e-mall where it has the service; it must then be used. */
  eMallRequired: z.boolean(),
  completedOn: isoDateSchema,
  awardedInstitutionIds: z.array(z.string().min(1)).min(1),
});
export type Procurement = z.infer<typeof procurementSchema>;

export const trainingProjectSchema = z.object({
  projectId: z.string().trim().min(1),
  year: z.number().int().min(2020).max(2100),
  /** The office that procures, approves and supervises (county or city). */
  areaCode: areaCodeSchema,
  trainingType: trainingTypeSchema,
  occupationCode: z.string().trim().min(1),
  headcount: z.number().int().positive(),
  fundsFen: fenSchema,
  /** 项目制培训 is decided case by case ("一事一议", Art. 7(1)). */
  caseByCase: z.boolean(),
  procurement: procurementSchema.optional(),
});
export type TrainingProject = z.infer<typeof trainingProjectSchema>;
