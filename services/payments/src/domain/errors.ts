import { DomainError } from '@peixun/shared';
import { yuanOf } from './money';

/**
 * Every refusal the payments service answers with: a stable English `code` for programs, a
 * Chinese title and detail for finance staff, trainees and institutions.
 */
export const PAYMENT_ERROR_CODES = [
  'PAYMENT_OUTSIDE_AREA',
  'PAYMENT_BATCH_EMPTY',
  'PAYMENT_BATCH_STATE',
  'PAYMENT_BATCH_CHANGED',
  'PAYMENT_MAKER_CANNOT_APPROVE',
  'PAYMENT_ALREADY_APPROVED',
  'PAYMENT_CONTROL_TOTALS_MISMATCH',
  'PAYMENT_ACCOUNTS_CHANGED',
  'PAYMENT_RESULT_FILE_MALFORMED',
  'PAYMENT_RESULT_WRONG_BATCH',
  'PAYMENT_RESULT_TOTALS_MISMATCH',
  'PAYMENT_RESULT_UPLOAD_MISSING',
  'PAYMENT_RETRY_NOT_ALLOWED',
  'PAYMENT_PAYEE_UNKNOWN',
  'PAYMENT_ACCOUNT_HOLDER_MISMATCH',
  'PAYMENT_ACCOUNT_CONFLICT',
  'PAYMENT_FUND_USE_TOO_LARGE',
] as const;
export type PaymentErrorCode = (typeof PAYMENT_ERROR_CODES)[number];

export class PaymentError extends DomainError {
  declare readonly code: PaymentErrorCode;

  constructor(args: { code: PaymentErrorCode; status: number; title: string; detail: string; context?: Record<string, unknown> }) {
    super(args);
  }
}

export const outsideArea = (areaCode: string | undefined) =>
  new PaymentError({
    code: 'PAYMENT_OUTSIDE_AREA',
    status: 403,
    title: '无权办理该地区的拨付',
    detail: '只有本地区的财务人员可以组建、审批、导出本地区的拨付批次。',
    context: { areaCode },
  });

export const batchEmpty = () =>
  new PaymentError({ code: 'PAYMENT_BATCH_EMPTY', status: 409, title: '没有可拨付的申领', detail: '符合条件的待拨付申领为零（或均缺少有效的收款账户），未组建批次。' });

export const batchState = (status: string, action: string) =>
  new PaymentError({
    code: 'PAYMENT_BATCH_STATE',
    status: 409,
    title: '批次状态不允许此操作',
    detail: `批次当前状态为「${status}」，不能${action}。`,
    context: { status, action },
  });

export const batchChanged = (batchId: string) =>
  new PaymentError({ code: 'PAYMENT_BATCH_CHANGED', status: 409, title: '批次已被他人修改', detail: '批次在您操作期间已发生变化，请刷新后重试。', context: { batchId } });

export const makerCannotApprove = () =>
  new PaymentError({ code: 'PAYMENT_MAKER_CANNOT_APPROVE', status: 403, title: '制单人不能审批', detail: '拨付批次须由制单人以外的财务人员审批（双人复核）。' });

export const alreadyApproved = () =>
  new PaymentError({ code: 'PAYMENT_ALREADY_APPROVED', status: 409, title: '您已审批过该批次', detail: '同一人不能重复审批同一批次，需由另一名财务人员审批。' });

export const controlTotalsMismatch = (expected: { count: number; sumFen: number }) =>
  new PaymentError({
    code: 'PAYMENT_CONTROL_TOTALS_MISMATCH',
    status: 409,
    title: '控制总数不符',
    detail: `您核对的笔数、金额或校验值与批次不一致（批次为 ${expected.count} 笔、${yuanOf(expected.sumFen)} 元），请重新核对。`,
    context: expected,
  });

export const accountsChanged = (lineIds: readonly string[]) =>
  new PaymentError({
    code: 'PAYMENT_ACCOUNTS_CHANGED',
    status: 409,
    title: '收款账户已变更',
    detail: `批次中有 ${lineIds.length} 笔的收款账户在组批后发生了变更，须重新确认后才能导出。`,
    context: { lineIds: lineIds.slice(0, 20) },
  });

export const resultFileMalformed = (reason: string) =>
  new PaymentError({
    code: 'PAYMENT_RESULT_FILE_MALFORMED',
    status: 422,
    title: '银行回单文件无法识别',
    detail: `文件未导入，任何数据均未改变：${reason}`,
  });

export const resultWrongBatch = (messageId: string) =>
  new PaymentError({
    code: 'PAYMENT_RESULT_WRONG_BATCH',
    status: 422,
    title: '回单不属于该批次',
    detail: `回单引用的原始报文编号「${messageId}」不是该批次导出的报文，文件未导入。`,
  });

export const resultTotalsMismatch = (batch: { count: number; sumFen: number }, file: { count?: number; sumFen?: number }) =>
  new PaymentError({
    code: 'PAYMENT_RESULT_TOTALS_MISMATCH',
    status: 422,
    title: '回单与批次控制总数不符',
    detail: `回单声明的原始笔数或金额（${file.count ?? '—'} 笔、${file.sumFen === undefined ? '—' : yuanOf(file.sumFen)} 元）与批次（${batch.count} 笔、${yuanOf(batch.sumFen)} 元）不一致，整份文件被拒收。`,
    context: { batch, file },
  });

export const resultUploadMissing = (uploadKey: string) =>
  new PaymentError({
    code: 'PAYMENT_RESULT_UPLOAD_MISSING',
    status: 422,
    title: '未找到已上传的回单文件',
    detail: '该上传标识下没有文件：请先用申请到的地址上传回单（上传地址有效期有限，过期请重新申请），再导入。',
    context: { uploadKey },
  });

export const retryNotAllowed = (status: string) =>
  new PaymentError({
    code: 'PAYMENT_RETRY_NOT_ALLOWED',
    status: 409,
    title: '不能重新拨付',
    detail: `该笔款项当前状态为「${status}」：只有此前每一次拨付都失败或被退回时，才能决定重新拨付。`,
    context: { status },
  });

export const payeeUnknown = () =>
  new PaymentError({ code: 'PAYMENT_PAYEE_UNKNOWN', status: 404, title: '未找到收款人', detail: '您的登录账号尚未关联学员档案，请先完成实名关联。' });

export const accountHolderMismatch = () =>
  new PaymentError({ code: 'PAYMENT_ACCOUNT_HOLDER_MISMATCH', status: 422, title: '户名与实名不符', detail: '收款账户的户名必须与登记的真实姓名（或机构名称）完全一致。' });

export const accountConflict = () =>
  new PaymentError({
    code: 'PAYMENT_ACCOUNT_CONFLICT',
    status: 409,
    title: '收款账户已被同时修改',
    detail: '在您提交期间，该收款账户已被另一次登记修改。请刷新查看当前账户，再决定是否更换。',
  });

export const fundUseTooLarge = (entries: number, limit: number) =>
  new PaymentError({
    code: 'PAYMENT_FUND_USE_TOO_LARGE',
    status: 422,
    title: '公示名单过大，请按补贴类别分别下载',
    detail: `该地区本月共有 ${entries} 笔拨付，超过单个文件 ${limit} 笔的上限：请选择补贴类别分别下载，或分页查看。`,
    context: { entries, limit },
  });
