import { defineErrorCatalogue, errorPicker, MIDDLEWARE_ERRORS } from '../../http/route-contract';

/**
 * Every error code the claims service answers with besides the shared ones, with its HTTP status
 * and the Chinese title of its problem document. `test/contracts/route-errors.test.ts` holds this
 * against the service's real error factories.
 */
export const CLAIM_ERRORS = defineErrorCatalogue({
  // Answered by the HTTP preset around every handler (idempotency store, DynamoDB's own limits).
  ...MIDDLEWARE_ERRORS,
  CERTIFICATE_NUMBER_INVALID: { status: 422, title: '证书编号不符合规定格式' },
  CERTIFICATE_NUMBER_TAKEN: { status: 409, title: '证书编号已登记' },
  CERTIFICATE_ISSUER_REQUIRED: { status: 422, title: '须填写发证机构' },
  CERTIFICATE_DATE_IN_FUTURE: { status: 422, title: '发证日期晚于今天' },
  CERTIFICATE_NOT_VERIFIED: { status: 409, title: '证书尚未核验' },
  CERTIFICATE_SCAN_MISSING: { status: 409, title: '证书扫描件尚未上传' },
  CERTIFICATE_NOT_PENDING: { status: 409, title: '证书不在待核验状态' },
  CERTIFICATE_NOT_HOLDER: { status: 403, title: '不是本人的证书' },
  TRAINEE_FROZEN: { status: 409, title: '学员档案已冻结' },
  IMPORT_FILE_UNREADABLE: { status: 422, title: '导入文件无法读取' },
  CLAIM_PAST_DEADLINE: { status: 422, title: '已超过申领期限' },
  CLAIM_ALREADY_SUBSIDISED: { status: 409, title: '同一职业同一等级已享受过补贴' },
  CLAIM_HIGHER_LEVEL_HELD: { status: 409, title: '已持有同职业更高等级证书' },
  CLAIM_LIMIT_REACHED: { status: 409, title: '已达政策期内补贴次数上限' },
  CLAIM_NO_POLICY_PERIOD: { status: 422, title: '当前没有适用的政策期' },
  CLAIM_NO_SUBSIDY_STANDARD: { status: 422, title: '没有补贴标准' },
  CLAIM_ROUTE_TO_SKILL_UPGRADE: { status: 422, title: '请先申领参保职工技能提升补贴' },
  CLAIM_CLASS_NOT_COMPLETED: { status: 409, title: '班次尚未结业' },
  CLAIM_CLASS_UNKNOWN: { status: 404, title: '班次不存在' },
  CLAIM_ALREADY_FILED: { status: 409, title: '该班次已提交培训补贴申请' },
  CLAIM_NOT_IN_REVIEW: { status: 409, title: '申请不在待审核状态' },
  CLAIM_OUTSIDE_AREA: { status: 403, title: '不属于本地区审核范围' },
  CLAIM_LINE_UNKNOWN: { status: 404, title: '申请明细不存在' },
  CLAIM_CHANGED_CONCURRENTLY: { status: 409, title: '申请已被同时修改，请刷新后重试' },
  DISCLOSURE_CLOSED: { status: 409, title: '公示期已结束' },
  OBJECTION_RATE_LIMITED: { status: 429, title: '异议提交过于频繁' },
  OBJECTION_NOT_OPEN: { status: 409, title: '异议已处理' },
  WORKING_CALENDAR_NOT_PUBLISHED: { status: 404, title: '该年工作日历尚未发布' },
  WORKING_CALENDAR_INVALID: { status: 422, title: '工作日历不符合要求' },
  WORKING_CALENDAR_VERSION_EXISTS: { status: 409, title: '工作日历版本已发布' },
});
export type ClaimErrorCode = keyof typeof CLAIM_ERRORS;

export const claimErrors = errorPicker(CLAIM_ERRORS);
