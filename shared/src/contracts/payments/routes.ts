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

export const batchViewSchema = z.object({
  batchId: batchIdSchema,
  areaCode: z.string(),
  subsidyKind: subsidyKindSchema,
  status: z.enum(['BUILDING', 'SEALED', 'APPROVED', 'EXPORTED', 'RECONCILED']),
  statusLabel: z.string(),
  makerName: z.string(),
  createdAt: instant,
  totals: controlTotalsSchema.optional(),
  requiredApprovals: z.number().int().optional(),
  approvals: z.array(z.object({ name: z.string(), at: instant })),
  exportedAt: instant.optional(),
  reconciledAt: instant.optional(),
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
  status: z.enum(['OPEN', 'EXPORTED', 'PAID', 'FAILED', 'RETURNED']),
  reason: z.string().optional(),
});

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

export const getBatchRoute = defineRoute({
  method: 'GET',
  path: '/payments/batches/{batchId}',
  operationId: 'getPaymentBatch',
  summary: '查看拨付批次、明细（账号脱敏）与对账结果',
  tags,
  access: { finance: 'area' },
  params: batchParams,
  response: {
    status: 200,
    schema: z.object({
      batch: batchViewSchema,
      lines: z.array(batchLineViewSchema),
      reconciliation: reconciliationSchema,
      exceptions: z.array(z.object({ kind: z.string(), endToEndId: z.string(), detail: z.string(), at: instant })),
    }),
  },
  errors: paymentErrors('NOT_FOUND', 'PAYMENT_OUTSIDE_AREA'),
});

export const approveBatchRoute = defineRoute({
  method: 'POST',
  path: '/payments/batches/{batchId}/approvals',
  operationId: 'approvePaymentBatch',
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

export const importResultsRoute = defineRoute({
  method: 'POST',
  path: '/payments/batches/{batchId}/results',
  operationId: 'importBankResults',
  summary: '导入银行回单（pain.002、camt.054 或结果 CSV；同一文件重复导入不产生任何变化）',
  tags,
  access: { finance: 'area' },
  params: batchParams,
  response: {
    status: 200,
    schema: z.object({
      fileHash: z.string(),
      format: z.enum(['pain.002', 'camt.054', 'csv']),
      alreadyImported: z.boolean(),
      applied: z.number().int(),
      exceptions: z.number().int(),
      reconciliation: reconciliationSchema,
    }),
  },
  errors: paymentErrors(
    'NOT_FOUND',
    'PAYMENT_OUTSIDE_AREA',
    'PAYMENT_BATCH_STATE',
    'PAYMENT_RESULT_FILE_MALFORMED',
    'PAYMENT_RESULT_WRONG_BATCH',
    'PAYMENT_RESULT_TOTALS_MISMATCH',
  ),
});

export const retryPaymentRoute = defineRoute({
  method: 'POST',
  path: '/payments/claims/{paymentKey}/retry',
  operationId: 'retryPayment',
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
  errors: paymentErrors('PAYMENT_PAYEE_UNKNOWN', 'PAYMENT_ACCOUNT_HOLDER_MISMATCH'),
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
  errors: paymentErrors(),
});

export * from './errors';
