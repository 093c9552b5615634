import * as z from 'zod';
import { defineRoute } from '../../http/route-contract';
import { calendarDateSchema, occupationCatalogueCodeSchema, referenceIdSchema } from '../../validation/bounds';
import { fenSchema } from '../../validation/person';
import { trainingTypeSchema } from '../../validation/training';
import { enrollmentErrors } from './errors';

/**
 * What classes are opened against: the office's yearly training projects with their procurement
 * (Art. 7) and the job-demand list of "以岗定训" (Art. 4, 9).
 */
const isoDate = calendarDateSchema;
const areaCode = z.string().regex(/^\d{6}$/, { message: '行政区划代码应为6位数字。' });

export const trainingProjectBodySchema = z
  .object({
    year: z.number().int().min(2020).max(2100),
    areaCode: areaCode.describe('采购、审批并监管本项目的人社部门所在区划'),
    trainingType: trainingTypeSchema,
    occupationCode: occupationCatalogueCodeSchema,
    headcount: z.number().int().positive().max(1_000_000),
    fundsFen: fenSchema.describe('项目资金，单位：分'),
    caseByCase: z.boolean(),
    procurement: z
      .object({
        method: z.enum(['PUBLIC_TENDER', 'COMPETITIVE_NEGOTIATION', 'COMPETITIVE_CONSULTATION', 'E_MALL', 'SELF_PROCUREMENT', 'SINGLE_SOURCE']),
        urgent: z.boolean(),
        justification: z.string().trim().max(2000).optional(),
        eMallRequired: z.boolean(),
        completedOn: isoDate,
        awardedInstitutionIds: z.array(referenceIdSchema).min(1).max(200),
      })
      .optional(),
  })
  .strict();

export const trainingProjectViewSchema = trainingProjectBodySchema.extend({ projectId: z.string() });

export const jobDemandBodySchema = z
  .object({
    occupationCode: occupationCatalogueCodeSchema,
    employerName: z.string().trim().min(1).max(100),
    positions: z.number().int().positive().max(1_000_000),
    validUntil: isoDate.describe('岗位有效期截止日'),
  })
  .strict();

export const jobDemandViewSchema = jobDemandBodySchema.extend({ jobDemandId: z.string(), areaCode: z.string() });

export const createTrainingProjectRoute = defineRoute({
  method: 'POST',
  path: '/projects',
  operationId: 'createTrainingProject',
  idempotent: true,
  summary: '发布年度职业培训项目及其采购结果',
  tags: ['培训项目'],
  access: { reviewer: 'area', admin: 'any' },
  body: trainingProjectBodySchema,
  response: { status: 201, schema: trainingProjectViewSchema },
  errors: enrollmentErrors('VALIDATION_FAILED', 'PROJECT_PROCUREMENT_INVALID', 'FORBIDDEN'),
});

export const createJobDemandRoute = defineRoute({
  method: 'POST',
  path: '/job-demands',
  operationId: 'createJobDemand',
  idempotent: true,
  summary: '登记本部门岗位清单中的岗位需求（以岗定训）',
  tags: ['培训项目'],
  access: { reviewer: 'area' },
  body: jobDemandBodySchema,
  response: { status: 201, schema: jobDemandViewSchema },
  errors: enrollmentErrors('VALIDATION_FAILED', 'FORBIDDEN'),
});
