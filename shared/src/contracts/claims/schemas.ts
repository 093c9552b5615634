import * as z from 'zod';
import { residentIdSchema } from '../../validation/resident-id';
import { certificateLevelSchema } from '../../validation/training';
import { payeeSchema, subsidyKindSchema } from './payment-events';
import { disclosureCalendarBasisSchema } from './working-calendar';

const instantSchema = z.iso.datetime({ offset: true });
const idSchema = z.string().min(1).max(64);

/** 职业分类大典 code, e.g. `4-03-02-01` (the 2022 edition's four-part form). */
export const occupationCodeSchema = z.string().regex(/^\d-\d{2}-\d{2}-\d{2}$/, { message: '职业编码须为“4-03-02-01”格式。' });

export const certificateSources = ['EVALUATION', 'SELF_DECLARED'] as const;
export const certificateStatuses = ['VERIFIED', 'PENDING_VERIFICATION', 'REFUSED'] as const;

const certificateFacts = {
  certificateNumber: z.string().trim().min(1).max(64),
  idNumber: residentIdSchema,
  holderName: z.string().trim().min(1).max(50),
  occupationCode: occupationCodeSchema,
  occupationName: z.string().trim().min(1).max(100),
  level: certificateLevelSchema,
  issuedOn: z.iso.date(),
  issuingBody: z.string().trim().max(200).optional(),
};

/** An evaluation body's result (or an admin's entry): counts at once. */
export const recordCertificateBodySchema = z.object(certificateFacts);
export type RecordCertificateBody = z.infer<typeof recordCertificateBodySchema>;

/** A trainee's own certificate, also one obtained outside the province (Art. 22): counts once a reviewer verified it. */
export const declareCertificateBodySchema = z.object({
  ...certificateFacts,
  /** The scan the trainee uploads next, with the presigned PUT this answer carries. */
  scan: z.object({ contentType: z.enum(['image/jpeg', 'image/png', 'application/pdf']), size: z.number().int().positive().max(10 * 1024 * 1024) }),
  obtainedOutsideProvince: z.boolean(),
});
export type DeclareCertificateBody = z.infer<typeof declareCertificateBodySchema>;

export const verifyCertificateBodySchema = z.object({
  decision: z.enum(['VERIFY', 'REFUSE']),
  reason: z.string().trim().min(1).max(500),
});

export const certificateParamsSchema = z.object({ certificateNumber: z.string().min(1).max(64) });

export const certificateViewSchema = z.object({
  certificateNumber: z.string(),
  holderName: z.string(),
  idNumberMasked: z.string(),
  traineeId: z.string().optional(),
  occupationCode: z.string(),
  occupationName: z.string(),
  level: certificateLevelSchema,
  issuedOn: z.iso.date(),
  issuingBody: z.string().optional(),
  source: z.enum(certificateSources),
  status: z.enum(certificateStatuses),
  recordedAt: instantSchema,
  recordedBy: z.string(),
  verification: z.object({ decision: z.enum(['VERIFY', 'REFUSE']), reason: z.string(), by: z.string(), at: instantSchema }).optional(),
  /** For reviewers, a self-declared certificate's scan: a presigned GET, valid for minutes. */
  scanUrl: z.url().optional(),
});
export type CertificateView = z.infer<typeof certificateViewSchema>;

/** Newest first: a trainee's own certificates, or the declarations waiting for a reviewer of the area. */
export const certificateListSchema = z.object({ certificates: z.array(certificateViewSchema) });

export const declaredCertificateSchema = certificateViewSchema.extend({
  /** PUT the scan here with exactly this content type; the reviewer verifies only once it is there. */
  scanUpload: z.object({ url: z.url(), method: z.literal('PUT'), contentType: z.string(), expiresAt: instantSchema }),
});
export type DeclaredCertificate = z.infer<typeof declaredCertificateSchema>;

export const directClaimBodySchema = z.object({
  certificateNumber: z.string().trim().min(1).max(64),
  /** The claimant's own ID number: it must be the certificate holder's and the logged-in trainee's. */
  idNumber: residentIdSchema,
  /** An insured enterprise employee is routed to the unemployment-insurance skill-upgrade subsidy first (Art. 29). */
  insuredEmployee: z.boolean(),
});
export type DirectClaimBody = z.infer<typeof directClaimBodySchema>;

export const claimClassParamsSchema = z.object({ classId: idSchema });
export const claimParamsSchema = z.object({ claimId: idSchema });
export const lineParamsSchema = z.object({ claimId: idSchema, lineId: idSchema });
export const objectionParamsSchema = z.object({ claimId: idSchema, lineId: idSchema, objectionId: idSchema });

/** A rule a line failed, in Chinese, with the article it comes from. */
export const ruleFindingSchema = z.object({ rule: z.string(), article: z.string(), reason: z.string() });
export type RuleFinding = z.infer<typeof ruleFindingSchema>;

export const lineStatuses = [
  'NOT_ELIGIBLE',
  'IN_REVIEW',
  'RETURNED',
  'REJECTED',
  'IN_DISCLOSURE',
  'OBJECTED',
  'READY_FOR_PAYMENT',
  'PAID',
  'PAYMENT_FAILED',
  'PAYMENT_RETURNED',
] as const;
export type LineStatus = (typeof lineStatuses)[number];

export const decisionSchema = z.object({
  decision: z.enum(['APPROVE', 'REJECT', 'RETURN']),
  reasons: z.array(z.string()),
  by: z.string(),
  at: instantSchema,
});

export const claimLineViewSchema = z.object({
  lineId: z.string(),
  traineeId: z.string().optional(),
  holderName: z.string(),
  idNumberMasked: z.string(),
  occupationCode: z.string(),
  occupationName: z.string(),
  level: certificateLevelSchema,
  certificateNumber: z.string().optional(),
  amountFen: z.number().int().nonnegative(),
  status: z.enum(lineStatuses),
  refusals: z.array(ruleFindingSchema),
  warnings: z.array(ruleFindingSchema),
  decision: decisionSchema.optional(),
  disclosure: z
    .object({
      from: z.iso.date(),
      until: z.iso.date(),
      /** The calendar of each year the period spans; absent on lines approved before calendars were recorded. */
      calendar: z.array(disclosureCalendarBasisSchema).optional(),
      /** In Chinese, when a year was counted Monday to Friday because its calendar is not published yet. */
      calendarNote: z.string().optional(),
    })
    .optional(),
  objections: z.array(
    z.object({ objectionId: z.string(), reason: z.string(), status: z.enum(['OPEN', 'UPHELD', 'DISMISSED']), filedAt: instantSchema, resolution: z.string().optional() }),
  ),
  payment: z
    .object({ outcome: z.enum(['SETTLED', 'FAILED', 'RETURNED']), batchId: z.string(), reasonCode: z.string().optional(), reason: z.string().optional(), at: instantSchema })
    .optional(),
});
export type ClaimLineView = z.infer<typeof claimLineViewSchema>;

export const claimViewSchema = z.object({
  claimId: z.string(),
  subsidyKind: subsidyKindSchema,
  payee: payeeSchema,
  payeeName: z.string(),
  areaCode: z.string(),
  institutionId: z.string().optional(),
  classId: z.string().optional(),
  policyPeriod: z.string(),
  filedAt: instantSchema,
  filedBy: z.string(),
  totalEligibleFen: z.number().int().nonnegative(),
  lines: z.array(claimLineViewSchema),
  decisions: z.array(decisionSchema.extend({ lineIds: z.array(z.string()) })),
});
export type ClaimView = z.infer<typeof claimViewSchema>;

export const listClaimsQuerySchema = z.object({ lineStatus: z.enum(lineStatuses).optional() });
export const claimListSchema = z.object({
  claims: z.array(claimViewSchema.pick({ claimId: true, subsidyKind: true, payeeName: true, areaCode: true, classId: true, filedAt: true, totalEligibleFen: true }).extend({ lineStatuses: z.array(z.enum(lineStatuses)) })),
});

export const decideClaimBodySchema = z.object({
  decision: z.enum(['APPROVE', 'REJECT', 'RETURN']),
  reasons: z.array(z.string().trim().min(1).max(500)).min(1).max(20),
  /** For a training claim: the lines this decision is about; all lines in review when absent. */
  lineIds: z.array(idSchema).min(1).max(60).optional(),
});
export type DecideClaimBody = z.infer<typeof decideClaimBodySchema>;

/** One line on the public list: no full name, no full ID number (personal data masked, Art. 29/32). */
export const disclosureEntrySchema = z.object({
  claimId: z.string(),
  lineId: z.string(),
  subsidyKind: subsidyKindSchema,
  name: z.string(),
  idNumber: z.string(),
  occupationName: z.string(),
  level: certificateLevelSchema,
  amountFen: z.number().int().nonnegative(),
  institutionName: z.string().optional(),
  from: z.iso.date(),
  until: z.iso.date(),
  /** e.g. 2027年放假安排尚未发布，按周一至周五计算: the end date may still move when the year's calendar is published. */
  calendarNote: z.string().optional(),
});
export const disclosureListSchema = z.object({ entries: z.array(disclosureEntrySchema) });

export const objectionBodySchema = z.object({
  reason: z.string().trim().min(5).max(1000),
  /** How the reviewer can reach the objector (phone or e-mail); never published. */
  contact: z.string().trim().min(5).max(100),
});
export const objectionFiledSchema = z.object({ objectionId: z.string(), status: z.literal('OPEN') });

export const resolveObjectionBodySchema = z.object({ outcome: z.enum(['UPHELD', 'DISMISSED']), reason: z.string().trim().min(1).max(500) });

export const importModeQuerySchema = z.object({
  mode: z
    .enum(['all-or-nothing', 'valid-rows'])
    .default('all-or-nothing')
    .describe('all-or-nothing：任一行有误则不导入；valid-rows：导入正确的行，报告其余各行'),
});

/** Per-row result of a CSV/XLSX import; row numbers are those the spreadsheet shows (header = 1). */
export const importReportSchema = z.object({
  mode: z.enum(['all-or-nothing', 'valid-rows']),
  imported: z.number().int().nonnegative(),
  refused: z.number().int().nonnegative(),
  rows: z.array(z.object({ row: z.number().int(), ok: z.boolean(), key: z.string().optional(), problems: z.array(z.string()) })),
});
export type ImportReport = z.infer<typeof importReportSchema>;
