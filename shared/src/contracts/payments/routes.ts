import * as z from 'zod';
import { defineRoute } from '../../http/route-contract';
import { subsidyKindSchema } from '../claims/payment-events';
import { paymentErrors } from './errors';

const tags = ['资金拨付'] as const;
const instant = z.iso.datetime({ offset: true });
const batchIdSchema = z.string().regex(/^pb[0-9a-z]{16}$/);
const batchParams = z.object({ batchId: batchIdSchema });

export const controlTotalsSchema = z.object({
  count: z.number().int().nonnegative().describe('笔数'),
  sumFen: z.number().int().nonnegative().describe('金额合计（分）'),
  hash: z.string().regex(/^[0-9a-f]{64}$/).describe('按规范格式排列的明细的 SHA-256'),
});

const amountSchema = z.object({ count: z.number().int(), sumFen: z.number().int() });

const signOffSchema = z.object({ name: z.string(), at: instant });

export const batchViewSchema = z.object({
  batchId: batchIdSchema,
  areaCode: z.string(),
  subsidyKind: subsidyKindSchema,
  status: z.enum(['BUILDING', 'SEALED', 'APPROVED', 'EXPORTED', 'RECONCILED', 'CANCELLING', 'CANCELLED']),
  statusLabel: z.string(),
  makerName: z.string(),
  createdAt: instant,
  totals: controlTotalsSchema.optional(),
  requiredApprovals: z.number().int().optional(),
  approvals: z.array(signOffSchema),
  exportedAt: instant.optional(),
  reconciledAt: instant.optional(),
  /** Who cancelled the batch, when and why; the approvals it voided; when the last claim was released. */
  cancellation: z
    .object({ name: z.string(), at: instant, reason: z.string(), voidedApprovals: z.array(signOffSchema), completedAt: instant.optional(), released: z.number().int().optional() })
    .optional(),
});

export const batchLineViewSchema = z.object({
  paymentLineId: z.string(),
  paymentKey: z.string(),
  claimId: z.string(),
  payeeName: z.string(),
  amountFen: z.number().int(),
  certificateNumber: z.string(),
  bankName: z.string(),
  /** Masked: 6217********1234. */
  accountMasked: z.string(),
  status: z.enum(['OPEN', 'EXPORTED', 'PAID', 'FAILED', 'RETURNED', 'CANCELLED']),
  reason: z.string().optional(),
});

/** Lines come a page at a time: a batch may hold 50,000. */
export const LINES_PAGE_SIZE = 500;
/** Opaque and signed: good only for the caller and the batch it was given for. */
const linesCursorSchema = z.string().max(400).optional().describe('上一页返回的 nextCursor');

export const reconciliationSchema = z.object({
  control: amountSchema,
  bank: z.object({ paidCount: z.number().int(), paidSumFen: z.number().int() }),
  byStatus: z.object({ OPEN: amountSchema, PAID: amountSchema, FAILED: amountSchema, RETURNED: amountSchema }),
  exceptions: z.number().int(),
  complete: z.boolean(),
});

export const buildBatchRoute = defineRoute({
  method: 'POST',
  path: '/payments/batches',
  operationId: 'buildPaymentBatch',
  idempotent: true,
  summary: '从本地区待拨付的申领组建拨付批次（同一申领只能进入一个批次）',
  tags,
  access: { finance: 'area' },
  body: z.object({ subsidyKind: subsidyKindSchema, maxLines: z.number().int().min(1).max(50_000).optional() }),
  response: {
    status: 201,
    schema: z.object({ batch: batchViewSchema, withoutAccount: z.number().int(), holderMismatch: z.number().int(), takenElsewhere: z.number().int() }),
  },
  errors: paymentErrors('PAYMENT_OUTSIDE_AREA', 'PAYMENT_BATCH_EMPTY', 'PAYMENT_BATCH_CHANGED'),
});

/** Ready claims of one subsidy kind waiting for a batch, counted up to `cap` (then `atLeast`). */
export const readyCountSchema = z.object({ subsidyKind: subsidyKindSchema, count: z.number().int().nonnegative(), atLeast: z.boolean() });

export const listBatchesRoute = defineRoute({
  method: 'GET',
  path: '/payments/batches',
  operationId: 'listPaymentBatches',
  summary: '本地区的拨付批次（最新的在前）及其状态与控制总数；首页附各类待拨付申领数',
  tags,
  access: { finance: 'area', admin: 'any' },
  query: z.object({
    areaCode: z.string().regex(/^\d{6}$/, { message: '地区代码应为6位数字。' }).optional().describe('拨付地区；财务人员默认本地区，管理员必填'),
    /** Opaque, from the previous page's `nextCursor`. */
    cursor: z.string().max(200).optional(),
  }),
  response: {
    status: 200,
    schema: z.object({
      areaCode: z.string(),
      batches: z.array(batchViewSchema),
      /** First page only. */
      ready: z.array(readyCountSchema).optional(),
      nextCursor: z.string().optional(),
    }),
  },
  errors: paymentErrors('PAYMENT_OUTSIDE_AREA', 'VALIDATION_FAILED'),
});

/** The first exceptions of a batch shown with it; the reconciliation report counts them all. */
export const EXCEPTIONS_SHOWN = 500;

export const getBatchRoute = defineRoute({
  method: 'GET',
  path: '/payments/batches/{batchId}',
  operationId: 'getPaymentBatch',
  summary: `查看拨付批次（控制总数）、对账结果、前 ${EXCEPTIONS_SHOWN} 条异常和第一页明细（每页 ${LINES_PAGE_SIZE} 笔，账号脱敏；其余各页见 …/lines）`,
  tags,
  access: { finance: 'area' },
  params: batchParams,
  response: {
    status: 200,
    schema: z.object({
      batch: batchViewSchema,
      lines: z.array(batchLineViewSchema),
      /** The next page of lines, for `GET /payments/batches/{batchId}/lines?cursor=`. */
      nextCursor: z.string().optional(),
      reconciliation: reconciliationSchema,
      exceptions: z.array(z.object({ kind: z.string(), endToEndId: z.string(), detail: z.string(), at: instant })),
    }),
  },
  errors: paymentErrors('NOT_FOUND', 'PAYMENT_OUTSIDE_AREA'),
});

export const listBatchLinesRoute = defineRoute({
  method: 'GET',
  path: '/payments/batches/{batchId}/lines',
  operationId: 'listPaymentBatchLines',
  summary: `拨付批次的付款明细，按付款编号分页（每页 ${LINES_PAGE_SIZE} 笔，账号脱敏）`,
  tags,
  access: { finance: 'area' },
  params: batchParams,
  query: z.object({ cursor: linesCursorSchema }),
  response: { status: 200, schema: z.object({ batchId: batchIdSchema, lines: z.array(batchLineViewSchema), nextCursor: z.string().optional() }) },
  errors: paymentErrors('NOT_FOUND', 'PAYMENT_OUTSIDE_AREA', 'VALIDATION_FAILED'),
});

export const cancelBatchRoute = defineRoute({
  method: 'POST',
  path: '/payments/batches/{batchId}/cancellation',
  operationId: 'cancelPaymentBatch',
  summary: '撤销尚未导出的拨付批次（作废已有审批，释放其中的申领以便重新组批；已导出的批次不能撤销）',
  tags,
  idempotent: true,
  access: { finance: 'area' },
  params: batchParams,
  body: z.object({ reason: z.string().trim().min(2, { message: '请说明撤销原因。' }).max(500).describe('撤销原因') }),
  response: { status: 200, schema: batchViewSchema },
  errors: paymentErrors('NOT_FOUND', 'PAYMENT_OUTSIDE_AREA', 'PAYMENT_BATCH_STATE', 'PAYMENT_BATCH_CHANGED'),
});

export const approveBatchRoute = defineRoute({
  method: 'POST',
  path: '/payments/batches/{batchId}/approvals',
  operationId: 'approvePaymentBatch',
  idempotent: true,
  summary: '复核并审批拨付批次（制单人不能审批；须核对控制总数）',
  tags,
  access: { finance: 'area' },
  params: batchParams,
  body: controlTotalsSchema,
  response: { status: 200, schema: batchViewSchema },
  errors: paymentErrors(
    'NOT_FOUND',
    'PAYMENT_OUTSIDE_AREA',
    'PAYMENT_BATCH_STATE',
    'PAYMENT_MAKER_CANNOT_APPROVE',
    'PAYMENT_ALREADY_APPROVED',
    'PAYMENT_CONTROL_TOTALS_MISMATCH',
    'PAYMENT_BATCH_CHANGED',
  ),
});

export const exportBatchRoute = defineRoute({
  method: 'POST',
  path: '/payments/batches/{batchId}/exports',
  operationId: 'exportPaymentBatch',
  summary: '导出银行付款文件（ISO 20022 pain.001.001.09 或批量代发 CSV），返回下载地址；重复导出得到同一文件',
  tags,
  access: { finance: 'area' },
  params: batchParams,
  body: z.object({ format: z.enum(['pain.001', 'csv']), encoding: z.enum(['GBK', 'UTF-8']).default('GBK') }),
  response: { status: 200, schema: z.object({ messageId: z.string(), fileName: z.string(), downloadUrl: z.string() }) },
  errors: paymentErrors('NOT_FOUND', 'PAYMENT_OUTSIDE_AREA', 'PAYMENT_BATCH_STATE', 'PAYMENT_ACCOUNTS_CHANGED', 'PAYMENT_BATCH_CHANGED'),
});

const importReportSchema = z.object({
  fileHash: z.string(),
  format: z.enum(['pain.002', 'camt.054', 'csv']),
  alreadyImported: z.boolean(),
  applied: z.number().int(),
  exceptions: z.number().int(),
  reconciliation: reconciliationSchema,
});

export const importResultsRoute = defineRoute({
  method: 'POST',
  path: '/payments/batches/{batchId}/results',
  operationId: 'importBankResults',
  summary: '导入银行回单（pain.002、camt.054 或结果 CSV，6 MB 以内；更大的文件先上传，见 …/result-uploads；同一文件重复导入不产生任何变化）',
  tags,
  access: { finance: 'area' },
  params: batchParams,
  response: { status: 200, schema: importReportSchema },
  errors: paymentErrors(
    'NOT_FOUND',
    'PAYMENT_OUTSIDE_AREA',
    'PAYMENT_BATCH_STATE',
    'PAYMENT_RESULT_FILE_MALFORMED',
    'PAYMENT_RESULT_WRONG_BATCH',
    'PAYMENT_RESULT_TOTALS_MISMATCH',
  ),
});

/** Bank result files above Lambda's 6 MB request limit go to the bucket first, up to this size: a pain.002 for 50,000 lines is about 13 MB, and parsing it takes about 170 MB. */
export const MAX_RESULT_UPLOAD_BYTES = 64 * 1024 * 1024;
const uploadKeySchema = z.string().regex(/^imports\/pb[0-9a-z]{16}\/[0-9a-z]{26}$/, { message: '上传标识无效。' });

export const startResultUploadRoute = defineRoute({
  method: 'POST',
  path: '/payments/batches/{batchId}/result-uploads',
  operationId: 'startBankResultUpload',
  summary: `为大于 6 MB 的银行回单申请上传地址（PUT 到文件库，最大 ${MAX_RESULT_UPLOAD_BYTES / 1024 / 1024} MB，须与声明的大小和 SHA-256 一致）`,
  tags,
  access: { finance: 'area' },
  params: batchParams,
  body: z.object({
    size: z.number().int().min(1).max(MAX_RESULT_UPLOAD_BYTES).describe('文件字节数'),
    sha256: z.string().regex(/^[0-9a-f]{64}$/).describe('文件的 SHA-256（十六进制）'),
  }),
  response: {
    status: 201,
    schema: z.object({
      uploadKey: uploadKeySchema,
      url: z.string(),
      method: z.literal('PUT'),
      /** Send exactly these headers with the PUT: they are part of the signature. */
      headers: z.record(z.string(), z.string()),
      expiresAt: instant,
    }),
  },
  errors: paymentErrors('NOT_FOUND', 'PAYMENT_OUTSIDE_AREA', 'PAYMENT_BATCH_STATE'),
});

export const importUploadedResultsRoute = defineRoute({
  method: 'POST',
  path: '/payments/batches/{batchId}/results/from-upload',
  operationId: 'importUploadedBankResults',
  summary: '导入已上传到文件库的银行回单（与直接导入相同：同一文件重复导入不产生任何变化）',
  tags,
  access: { finance: 'area' },
  params: batchParams,
  body: z.object({ uploadKey: uploadKeySchema }),
  response: { status: 200, schema: importReportSchema },
  errors: paymentErrors(
    'NOT_FOUND',
    'PAYMENT_OUTSIDE_AREA',
    'PAYMENT_BATCH_STATE',
    'PAYMENT_RESULT_UPLOAD_MISSING',
    'PAYMENT_RESULT_FILE_MALFORMED',
    'PAYMENT_RESULT_WRONG_BATCH',
    'PAYMENT_RESULT_TOTALS_MISMATCH',
  ),
});

export const retryPaymentRoute = defineRoute({
  method: 'POST',
  path: '/payments/claims/{paymentKey}/retry',
  operationId: 'retryPayment',
  idempotent: true,
  summary: '决定重新拨付一笔失败或被退回的款项（须先更正收款账户）',
  tags,
  access: { finance: 'area' },
  params: z.object({ paymentKey: z.string().min(1).max(160) }),
  response: { status: 200, schema: z.object({ paymentKey: z.string(), status: z.literal('READY') }) },
  errors: paymentErrors('NOT_FOUND', 'PAYMENT_OUTSIDE_AREA', 'PAYMENT_RETRY_NOT_ALLOWED'),
});

export const accountRegistrationSchema = z.object({
  kind: z.enum(['SOCIAL_SECURITY_CARD', 'OWN_BANK_ACCOUNT', 'SETTLEMENT_ACCOUNT']).describe('社保卡金融账户 / 本人其他银行账户 / 机构结算账户'),
  holderName: z.string().min(1).max(100).describe('户名，须与实名（或机构登记名称）一致'),
  bankName: z.string().min(2).max(100).describe('开户行'),
  accountNumber: z.string().regex(/^\d{8,30}$/, '账号应为 8 至 30 位数字'),
});

export const payeeAccountViewSchema = z.object({
  kind: z.enum(['SOCIAL_SECURITY_CARD', 'OWN_BANK_ACCOUNT', 'SETTLEMENT_ACCOUNT']),
  holderName: z.string(),
  bankName: z.string(),
  accountMasked: z.string(),
  version: z.number().int(),
  updatedAt: instant,
});

export const registerTraineeAccountRoute = defineRoute({
  method: 'PUT',
  path: '/payments/payee-accounts/me',
  operationId: 'registerTraineePayeeAccount',
  summary: '学员登记本人收款账户（社保卡金融账户或本人名下账户；户名须与实名一致）',
  tags,
  access: { trainee: 'own-record' },
  body: accountRegistrationSchema,
  response: { status: 200, schema: payeeAccountViewSchema },
  errors: paymentErrors('PAYMENT_PAYEE_UNKNOWN', 'PAYMENT_ACCOUNT_HOLDER_MISMATCH', 'PAYMENT_ACCOUNT_CONFLICT'),
});

export const registerInstitutionAccountRoute = defineRoute({
  method: 'PUT',
  path: '/payments/payee-accounts/institution',
  operationId: 'registerInstitutionPayeeAccount',
  summary: '培训机构登记结算账户',
  tags,
  access: { institution: 'own-institution' },
  body: accountRegistrationSchema,
  response: { status: 200, schema: payeeAccountViewSchema },
  errors: paymentErrors('PAYMENT_ACCOUNT_CONFLICT'),
});

export const getTraineeAccountRoute = defineRoute({
  method: 'GET',
  path: '/payments/payee-accounts/me',
  operationId: 'getTraineePayeeAccount',
  summary: '学员查看本人登记的收款账户（账号仅显示首尾）',
  tags,
  access: { trainee: 'own-record' },
  response: { status: 200, schema: payeeAccountViewSchema },
  errors: paymentErrors('NOT_FOUND'),
});

export const getInstitutionAccountRoute = defineRoute({
  method: 'GET',
  path: '/payments/payee-accounts/institution',
  operationId: 'getInstitutionPayeeAccount',
  summary: '培训机构查看本机构登记的结算账户（账号仅显示首尾）',
  tags,
  access: { institution: 'own-institution' },
  response: { status: 200, schema: payeeAccountViewSchema },
  errors: paymentErrors('NOT_FOUND'),
});

export * from './errors';
