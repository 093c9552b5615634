import * as z from 'zod';
import { defineRoute } from '../../http/route-contract';
import { enrollmentErrors } from './errors';

/**
 * Reference data: the occupations catalogue (职业培训项目目录, Art. 6) and the administrative
 * divisions. The catalogue's full schema lives with its rules in the enrollment service; the
 * contract fixes the envelope so that a version can be told apart and never overwritten.
 */
export const occupationCatalogueDocumentSchema = z.looseObject({
  schemaVersion: z.literal(1),
  catalogueVersion: z.string().trim().min(1).max(40),
  title: z.string().min(1).max(200),
  effectiveFrom: z.iso.date(),
  sample: z.boolean(),
  occupations: z
    .array(z.looseObject({ code: z.string().max(40), name: z.string().max(100) }))
    .min(1)
    .max(10_000),
});

export const catalogueViewSchema = z.object({
  catalogueVersion: z.string(),
  /** Where the current version came from: the file shipped with the service, or an admin's upload. */
  origin: z.enum(['BUNDLED', 'UPLOADED']),
  publishedAt: z.iso.datetime({ offset: true }).optional(),
  publishedBy: z.string().optional(),
  document: occupationCatalogueDocumentSchema,
});

const divisionSchema = z.object({
  code: z.string(),
  name: z.string(),
  level: z.enum(['PROVINCE', 'CITY', 'COUNTY']),
  parent: z.string().optional(),
  hrssOffice: z.string(),
});

/** The envelope of a divisions table; the hierarchy and the approving offices are checked by the enrollment service. */
export const divisionsDocumentSchema = z.looseObject({
  schemaVersion: z.literal(1),
  version: z.string().trim().min(1).max(60),
  title: z.string().max(200),
  sample: z.boolean(),
  divisions: z
    .array(z.looseObject({ code: z.string().max(12), name: z.string().max(100) }))
    .min(1)
    .max(10_000),
});

export const divisionsViewSchema = z.object({
  version: z.string(),
  /** As for the catalogue: the bundled file until an admin publishes a version. */
  origin: z.enum(['BUNDLED', 'UPLOADED']),
  publishedAt: z.iso.datetime({ offset: true }).optional(),
  publishedBy: z.string().optional(),
  divisions: z.array(divisionSchema),
});

export const getOccupationCatalogueRoute = defineRoute({
  method: 'GET',
  path: '/reference/occupations',
  operationId: 'getOccupationCatalogue',
  summary: '查看现行职业培训项目目录',
  tags: ['基础数据'],
  access: { trainee: 'any', institution: 'any', reviewer: 'any', finance: 'any', admin: 'any' },
  response: { status: 200, schema: catalogueViewSchema },
});

export const publishOccupationCatalogueRoute = defineRoute({
  method: 'PUT',
  path: '/reference/occupations',
  operationId: 'publishOccupationCatalogue',
  idempotent: true,
  summary: '发布新版职业培训项目目录',
  tags: ['基础数据'],
  access: { admin: 'any' },
  body: occupationCatalogueDocumentSchema,
  response: { status: 200, schema: catalogueViewSchema },
  errors: enrollmentErrors('VALIDATION_FAILED', 'CATALOGUE_VERSION_EXISTS', 'FORBIDDEN'),
});

export const getDivisionsRoute = defineRoute({
  method: 'GET',
  path: '/reference/divisions',
  operationId: 'getDivisions',
  summary: '查看行政区划及人社部门',
  tags: ['基础数据'],
  access: { trainee: 'any', institution: 'any', reviewer: 'any', finance: 'any', admin: 'any' },
  response: { status: 200, schema: divisionsViewSchema },
});

export const publishDivisionsRoute = defineRoute({
  method: 'PUT',
  path: '/reference/divisions',
  operationId: 'publishDivisions',
  idempotent: true,
  summary: '发布新版行政区划及人社部门',
  tags: ['基础数据'],
  access: { admin: 'any' },
  body: divisionsDocumentSchema,
  response: { status: 200, schema: divisionsViewSchema },
  errors: enrollmentErrors('VALIDATION_FAILED', 'DIVISIONS_VERSION_EXISTS', 'FORBIDDEN'),
});
