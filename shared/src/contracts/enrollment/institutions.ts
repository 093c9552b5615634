import * as z from 'zod';
import { defineRoute } from '../../http/route-contract';
import { calendarDateSchema, occupationCatalogueCodeSchema } from '../../validation/bounds';
import { enrollmentErrors } from './errors';

/** Institutions (培训机构) and their training sites as the API receives and shows them (Art. 7(2), 9). */

const isoDate = calendarDateSchema;
const areaCode = z.string().regex(/^\d{6}$/, { message: '行政区划代码应为6位数字。' });
export const institutionIdSchema = z.string().regex(/^ins_[0-9a-z_]{1,40}$/, { message: '机构编号格式不正确。' });

export const siteBodySchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    address: z.string().trim().min(1).max(200),
    areaCode: areaCode.describe('场地所在县（市、区）的行政区划代码，决定审批部门'),
    // A site the size of a large campus at most; bounded so a number stays exact in JavaScript and DynamoDB.
    floorAreaSqm: z.number().positive().max(1_000_000),
    capacity: z.number().int().positive().max(100_000),
    facilities: z.array(z.object({ name: z.string().trim().min(1).max(60), quantity: z.number().int().positive().max(1_000_000) })).max(200),
    occupationCodes: z.array(occupationCatalogueCodeSchema).max(200).describe('场地可开展培训的职业（工种）代码'),
    inspectedOn: isoDate.optional(),
  })
  .strict();

const siteViewSchema = siteBodySchema.extend({
  siteId: z.string(),
  /** Present for a site school staff added outside their county: a class may use it once APPROVED. */
  review: z
    .object({
      status: z.enum(['PENDING', 'APPROVED', 'REJECTED']),
      requestedAt: z.string(),
      requestedBy: z.string(),
      decidedAt: z.string().optional(),
      decidedBy: z.string().optional(),
      reasons: z.array(z.string()).optional(),
    })
    .optional(),
});

const licenceSchema = z.object({
  kind: z.enum(['SCHOOL_OPERATING_PERMIT', 'PUBLIC_INSTITUTION_CERTIFICATE', 'BUSINESS_LICENCE']),
  number: z.string().trim().min(1).max(64),
  issuedBy: z.string().trim().min(1).max(100),
  validFrom: isoDate,
  validUntil: isoDate.optional(),
});

export const registerInstitutionBodySchema = z
  .object({
    /** Lets an operator keep the id staff accounts already carry in `custom:institution_id`. */
    institutionId: institutionIdSchema.optional(),
    name: z.string().trim().min(2).max(100),
    kind: z.enum(['PRIVATE_TRAINING_SCHOOL', 'VOCATIONAL_COLLEGE', 'TECHNICAL_SCHOOL', 'ENTERPRISE']),
    creditCode: z.string().trim().max(64).describe('统一社会信用代码（GB 32100，18位）'),
    areaCode,
    licences: z.array(licenceSchema).max(10),
    sites: z.array(siteBodySchema).max(50).default([]),
  })
  .strict();
export type RegisterInstitutionBody = z.infer<typeof registerInstitutionBodySchema>;

export const institutionViewSchema = z.object({
  institutionId: z.string(),
  name: z.string(),
  kind: registerInstitutionBodySchema.shape.kind,
  creditCode: z.string(),
  areaCode: z.string(),
  licences: z.array(licenceSchema),
  sites: z.array(siteViewSchema),
  status: z.enum(['ACTIVE', 'SUSPENDED']),
  registeredAt: z.iso.datetime({ offset: true }),
});
export type InstitutionView = z.infer<typeof institutionViewSchema>;

const institutionParams = z.object({ institutionId: institutionIdSchema });

export const registerInstitutionRoute = defineRoute({
  method: 'POST',
  path: '/institutions',
  operationId: 'registerInstitution',
  idempotent: true,
  summary: '登记培训机构',
  tags: ['培训机构'],
  access: { admin: 'any' },
  body: registerInstitutionBodySchema,
  response: { status: 201, schema: institutionViewSchema },
  errors: enrollmentErrors('VALIDATION_FAILED', 'INSTITUTION_REGISTRATION_INVALID', 'INSTITUTION_ALREADY_REGISTERED', 'FORBIDDEN'),
});

export const getInstitutionRoute = defineRoute({
  method: 'GET',
  path: '/institutions/{institutionId}',
  operationId: 'getInstitution',
  summary: '查看培训机构及其培训场地',
  tags: ['培训机构'],
  access: { institution: 'own-institution', reviewer: 'area', admin: 'any' },
  params: institutionParams,
  response: { status: 200, schema: institutionViewSchema },
  errors: enrollmentErrors('NOT_FOUND', 'FORBIDDEN'),
});

export const addSiteRoute = defineRoute({
  method: 'POST',
  path: '/institutions/{institutionId}/sites',
  operationId: 'addTrainingSite',
  idempotent: true,
  summary: '新增培训场地',
  tags: ['培训机构'],
  access: { institution: 'own-institution', admin: 'any' },
  params: institutionParams,
  body: siteBodySchema,
  response: { status: 201, schema: siteViewSchema },
  errors: enrollmentErrors('VALIDATION_FAILED', 'INSTITUTION_REGISTRATION_INVALID', 'NOT_FOUND', 'FORBIDDEN'),
});

const siteParams = z.object({ institutionId: institutionIdSchema, siteId: z.string().min(1).max(64) });

/** A site outside the institution's county waits for the office of its area (Art. 9). */
export const reviewSiteRoute = defineRoute({
  method: 'POST',
  path: '/institutions/{institutionId}/sites/{siteId}/review',
  operationId: 'reviewTrainingSite',
  idempotent: true,
  summary: '审核培训机构在登记地以外新增的培训场地',
  tags: ['培训机构'],
  access: { reviewer: 'area' },
  params: siteParams,
  body: z.object({ decision: z.enum(['APPROVE', 'REJECT']), reasons: z.array(z.string().trim().min(1).max(500)).max(20).default([]) }).strict(),
  response: { status: 200, schema: siteViewSchema },
  errors: enrollmentErrors('VALIDATION_FAILED', 'REVIEWER_OUTSIDE_AREA', 'SITE_REVIEW_NOT_PENDING', 'REASONS_REQUIRED', 'NOT_FOUND', 'FORBIDDEN'),
});
