import { defineErrorCatalogue, errorPicker, MIDDLEWARE_ERRORS } from '../../http/route-contract';

/**
 * Every error code the enrollment service answers with besides the shared ones, with its HTTP
 * status and the Chinese title of its problem document. The service's error classes state the
 * same; `test/contracts/route-errors.test.ts` fails when the two disagree or a code here is
 * thrown nowhere. Rule refusals (`ActionRefused`) share one title; their `detail` names the
 * article and what to fix, and violations of the Guideline come back one per field in `errors`.
 */
export const ENROLLMENT_ERRORS = defineErrorCatalogue({
  // Answered by the HTTP preset around every handler (idempotency store, DynamoDB's own limits).
  ...MIDDLEWARE_ERRORS,
  TRAINEE_ALREADY_REGISTERED: { status: 409, title: '学员已登记' },
  TRAINEE_ACCOUNT_ALREADY_LINKED: { status: 409, title: '账号已绑定学员' },
  TRAINEE_IDENTITY_NOT_MATCHED: { status: 422, title: '未找到匹配的学员记录' },
  TRAINEE_ALREADY_CLAIMED: { status: 409, title: '学员记录已绑定其他账号' },
  TRAINEE_CLAIM_LOCKED_OUT: { status: 429, title: '核验失败次数过多' },
  TRAINEE_REGISTRATION_LOCKED_OUT: { status: 429, title: '登记失败次数过多' },
  TRAINEE_IDENTITY_NOT_VERIFIED: { status: 422, title: '实名核验未通过' },
  TRAINEE_FROZEN: { status: 409, title: '学员记录已冻结' },
  INSTITUTION_REGISTRATION_INVALID: { status: 422, title: '培训机构登记信息不符合要求' },
  INSTITUTION_ALREADY_REGISTERED: { status: 409, title: '培训机构已登记' },
  TEACHER_ALREADY_REGISTERED: { status: 409, title: '教师已在师资库' },
  TEACHER_REGISTRY_OUTSIDE_AREA: { status: 403, title: '无权登记该市师资' },
  CATALOGUE_VERSION_EXISTS: { status: 409, title: '目录版本已存在' },
  DIVISIONS_VERSION_EXISTS: { status: 409, title: '区划版本已存在' },
  CLASS_APPLICATION_VIOLATES_RULES: { status: 422, title: '开班申请不符合《工作指引》规定' },
  PROJECT_PROCUREMENT_INVALID: { status: 422, title: '培训项目的采购方式不符合规定' },
  CLASS_MODIFIED_CONCURRENTLY: { status: 409, title: '班次已被他人修改' },
  ROSTER_FILE_UNREADABLE: { status: 422, title: '花名册文件无法读取' },
  ROSTER_ENCODING_INVALID: { status: 422, title: '花名册文件无法读取' },
  ROSTER_FILE_MISSING: { status: 400, title: '花名册文件不能受理' },
  ROSTER_FILE_TOO_LARGE: { status: 413, title: '花名册文件不能受理' },
  ACTION_ROLE_NOT_ALLOWED: { status: 403, title: '操作不被允许' },
  REVIEWER_IS_APPLICANT: { status: 403, title: '操作不被允许' },
  REVIEWER_OUTSIDE_AREA: { status: 403, title: '操作不被允许' },
  NOT_CLASS_INSTITUTION: { status: 403, title: '操作不被允许' },
  CLASS_LOCKED_USE_CHANGE_REQUEST: { status: 409, title: '操作不被允许' },
  SESSION_MOVED_INTO_PAST: { status: 422, title: '操作不被允许' },
  SESSION_NOT_FOUND: { status: 422, title: '操作不被允许' },
  SESSION_ALREADY_HELD: { status: 422, title: '操作不被允许' },
  TEACHER_NOT_ON_SESSION: { status: 422, title: '操作不被允许' },
  CHANGE_REQUEST_NOT_APPLICABLE: { status: 409, title: '操作不被允许' },
  CHANGE_REASON_REQUIRED: { status: 422, title: '操作不被允许' },
  TRAINEE_NOT_IN_ROSTER: { status: 422, title: '操作不被允许' },
  CHANGE_REQUEST_ALREADY_DECIDED: { status: 409, title: '操作不被允许' },
  SUBMITTED_AFTER_CLASS_START: { status: 422, title: '操作不被允许' },
  APPROVAL_AFTER_CLASS_START: { status: 422, title: '操作不被允许' },
  CLASS_NOT_YET_STARTED: { status: 409, title: '操作不被允许' },
  CLASS_NOT_FINISHED: { status: 409, title: '操作不被允许' },
  TRANSITION_NOT_ALLOWED: { status: 409, title: '操作不被允许' },
  REASONS_REQUIRED: { status: 422, title: '操作不被允许' },
  SITE_REVIEW_NOT_PENDING: { status: 409, title: '操作不被允许' },
  DOCUMENT_NOT_UPLOADED: { status: 409, title: '文件尚未上传' },
  DOCUMENT_TOO_LARGE: { status: 422, title: '文件未通过检查' },
  DOCUMENT_SIZE_MISMATCH: { status: 422, title: '文件未通过检查' },
  DOCUMENT_TYPE_NOT_ALLOWED: { status: 422, title: '文件未通过检查' },
  DOCUMENT_TYPE_MISMATCH: { status: 422, title: '文件未通过检查' },
  DOCUMENT_MALWARE_FOUND: { status: 422, title: '文件未通过检查' },
});
export type EnrollmentErrorCode = keyof typeof ENROLLMENT_ERRORS;

/** `errors: enrollmentErrors('TRAINEE_ALREADY_REGISTERED', 'FORBIDDEN')` in a route contract. */
export const enrollmentErrors = errorPicker(ENROLLMENT_ERRORS);
