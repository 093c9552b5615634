import * as z from 'zod';
import { defineRoute } from '../../http/route-contract';
import { classIdSchema } from './classes';
import { enrollmentErrors } from './errors';

/**
 * Application documents (开班申请资料, Art. 9, 23): the opening application form, teaching plan,
 * teacher's proof, site proof, equipment list and each trainee's application form, uploaded by
 * the school straight to the enrollment bucket (presigned PUT) and checked before a class
 * application may name them: size, type sniffed from the bytes, a virus scan.
 */
export const DOCUMENT_KINDS = ['OPENING_FORM', 'TEACHING_PLAN', 'TEACHER_PROOF', 'SITE_PROOF', 'EQUIPMENT_LIST', 'TRAINEE_APPLICATION_FORM'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
export const DOCUMENT_KIND_LABELS: Record<DocumentKind, string> = {
  OPENING_FORM: '培训开班申请表',
  TEACHING_PLAN: '教学计划（方案）',
  TEACHER_PROOF: '师资证明',
  SITE_PROOF: '培训场地证明',
  EQUIPMENT_LIST: '设施设备清单',
  TRAINEE_APPLICATION_FORM: '培训个人申请表',
};

/** Scans and signed forms: PDF, JPEG or PNG, nothing a browser or viewer would run. */
export const DOCUMENT_CONTENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type DocumentContentType = (typeof DOCUMENT_CONTENT_TYPES)[number];
/** 20 MiB: a multi-page scanned plan fits, and the completion check reads the whole file in one function. */
export const DOCUMENT_MAX_BYTES = 20 * 1024 * 1024;

export const DOCUMENT_STATUSES = ['PENDING', 'AVAILABLE', 'REJECTED'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

export const documentIdSchema = z.string().regex(/^doc_[0-9a-z]{26}$/, { message: '文件编号格式不正确。' });

export const createDocumentBodySchema = z
  .object({
    kind: z.enum(DOCUMENT_KINDS),
    fileName: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .refine((name) => !/[\\/\u0000-\u001f]/.test(name), { message: '文件名不能包含路径分隔符或控制字符。' }),
    contentType: z.enum(DOCUMENT_CONTENT_TYPES, { message: '只接受PDF、JPEG或PNG文件。' }),
    size: z
      .number()
      .int()
      .positive()
      .max(DOCUMENT_MAX_BYTES, { message: `文件不能超过${DOCUMENT_MAX_BYTES / 1024 / 1024}MB。` })
      .describe('文件字节数；上传的文件须与此一致'),
  })
  .strict();
export type CreateDocumentBody = z.infer<typeof createDocumentBodySchema>;

const instant = z.iso.datetime({ offset: true });

export const documentViewSchema = z.object({
  documentId: z.string(),
  institutionId: z.string(),
  kind: z.enum(DOCUMENT_KINDS),
  fileName: z.string(),
  contentType: z.enum(DOCUMENT_CONTENT_TYPES),
  size: z.number().int(),
  /** PENDING until the upload is checked; only AVAILABLE documents may be named by a class application. */
  status: z.enum(DOCUMENT_STATUSES),
  createdAt: instant,
  createdBy: z.string(),
  checkedAt: instant.optional(),
  /** Why the check refused the file: a stable code and the reason in Chinese. */
  rejection: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type DocumentView = z.infer<typeof documentViewSchema>;

export const createdDocumentSchema = documentViewSchema.extend({
  /** PUT the file here with exactly this content type and size (both are part of the signature). */
  upload: z.object({ url: z.url(), method: z.literal('PUT'), headers: z.object({ 'content-type': z.string() }), expiresAt: instant }),
});
export type CreatedDocument = z.infer<typeof createdDocumentSchema>;

export const documentReadSchema = documentViewSchema.extend({
  /** A presigned GET, valid for minutes; present only once the document is AVAILABLE. Every one handed out is logged. */
  url: z.url().optional(),
  expiresAt: instant.optional(),
  /** Who opened the document and when (the most recent first), the opening this answer hands out included. */
  views: z.array(z.object({ viewer: z.string(), role: z.string(), at: instant })),
});
export type DocumentRead = z.infer<typeof documentReadSchema>;

const documentParams = z.object({ documentId: documentIdSchema });

export const createDocumentRoute = defineRoute({
  method: 'POST',
  path: '/documents',
  operationId: 'createDocument',
  idempotent: true,
  summary: '上传开班申请资料或培训个人申请表（取得上传地址）',
  tags: ['开班申请资料'],
  access: { institution: 'own-institution' },
  body: createDocumentBodySchema,
  response: { status: 201, schema: createdDocumentSchema },
  errors: enrollmentErrors('VALIDATION_FAILED', 'FORBIDDEN'),
});

export const completeDocumentUploadRoute = defineRoute({
  method: 'POST',
  path: '/documents/{documentId}/complete',
  operationId: 'completeDocumentUpload',
  idempotent: true,
  summary: '完成上传：核对文件大小、类型并查毒',
  tags: ['开班申请资料'],
  access: { institution: 'own-institution' },
  params: documentParams,
  response: { status: 200, schema: documentViewSchema },
  errors: enrollmentErrors(
    'VALIDATION_FAILED',
    'FORBIDDEN',
    'NOT_FOUND',
    'DOCUMENT_NOT_UPLOADED',
    'DOCUMENT_TOO_LARGE',
    'DOCUMENT_SIZE_MISMATCH',
    'DOCUMENT_TYPE_NOT_ALLOWED',
    'DOCUMENT_TYPE_MISMATCH',
    'DOCUMENT_MALWARE_FOUND',
  ),
});

export const getDocumentRoute = defineRoute({
  method: 'GET',
  path: '/documents/{documentId}',
  operationId: 'getDocument',
  summary: '查看开班申请资料（培训机构本身、辖区审核人员；每次查看留痕）',
  tags: ['开班申请资料'],
  access: { institution: 'own-institution', reviewer: 'area', admin: 'any' },
  params: documentParams,
  query: z.object({
    /** A class naming the document: its approving office's reviewers may open it, also when the school is registered elsewhere. */
    classId: classIdSchema.optional(),
  }),
  response: { status: 200, schema: documentReadSchema },
  errors: enrollmentErrors('VALIDATION_FAILED', 'FORBIDDEN', 'NOT_FOUND'),
});
