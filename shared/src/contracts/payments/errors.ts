import { defineErrorCatalogue, errorPicker, MIDDLEWARE_ERRORS } from '../../http/route-contract';

/**
 * Every error code the payments service answers with besides the shared ones; checked against
 * the errors the service really throws by `test/contracts/route-errors.test.ts`.
 */
export const PAYMENT_ERRORS = defineErrorCatalogue({
  // Answered by the HTTP preset around every handler (idempotency store, DynamoDB's own limits).
  ...MIDDLEWARE_ERRORS,
  PAYMENT_OUTSIDE_AREA: { status: 403, title: '无权办理该地区的拨付' },
  PAYMENT_BATCH_EMPTY: { status: 409, title: '没有可拨付的申领' },
  PAYMENT_BATCH_STATE: { status: 409, title: '批次状态不允许此操作' },
  PAYMENT_BATCH_CHANGED: { status: 409, title: '批次已被他人修改' },
  PAYMENT_MAKER_CANNOT_APPROVE: { status: 403, title: '制单人不能审批' },
  PAYMENT_ALREADY_APPROVED: { status: 409, title: '您已审批过该批次' },
  PAYMENT_CONTROL_TOTALS_MISMATCH: { status: 409, title: '控制总数不符' },
  PAYMENT_ACCOUNTS_CHANGED: { status: 409, title: '收款账户已变更' },
  PAYMENT_RESULT_FILE_MALFORMED: { status: 422, title: '银行回单文件无法识别' },
  PAYMENT_RESULT_WRONG_BATCH: { status: 422, title: '回单不属于该批次' },
  PAYMENT_RESULT_TOTALS_MISMATCH: { status: 422, title: '回单与批次控制总数不符' },
  PAYMENT_RESULT_UPLOAD_MISSING: { status: 422, title: '未找到已上传的回单文件' },
  PAYMENT_RETRY_NOT_ALLOWED: { status: 409, title: '不能重新拨付' },
  PAYMENT_PAYEE_UNKNOWN: { status: 404, title: '未找到收款人' },
  PAYMENT_ACCOUNT_HOLDER_MISMATCH: { status: 422, title: '户名与实名不符' },
  PAYMENT_ACCOUNT_CONFLICT: { status: 409, title: '收款账户已被同时修改' },
  PAYMENT_FUND_USE_TOO_LARGE: { status: 422, title: '公示名单过大，请按补贴类别分别下载' },
});
export type PaymentErrorCode = keyof typeof PAYMENT_ERRORS;

export const paymentErrors = errorPicker(PAYMENT_ERRORS);
