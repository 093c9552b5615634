import { CERTIFICATE_LEVEL_LABELS, type CertificateLevel, DomainError } from '@peixun/shared';
import type { CertificateNumberProblem } from './certificate-number';

/**
 * Every refusal the claims service answers with: a stable `code` for programs and a Chinese
 * title/detail for trainees, schools and reviewers. The route contracts' catalogue
 * (`shared/src/contracts/claims/errors.ts`) is checked against these factories.
 */
export class ClaimError extends DomainError {}

const refuse = (code: string, status: number, title: string, detail: string, context: Record<string, unknown> = {}): ClaimError =>
  new ClaimError({ code, status, title, detail, context });

export const certificateNumberInvalid = (problem: CertificateNumberProblem): ClaimError => {
  if (problem.kind === 'ISSUER_REQUIRED') {
    return refuse('CERTIFICATE_ISSUER_REQUIRED', 422, '须填写发证机构', '专项职业能力证书由各发证机构自行编号，须填写发证机构。');
  }
  const detail =
    problem.kind === 'FORMAT'
      ? problem.detail
      : `证书编号第 ${problem.position} 位是等级代码，应为“${problem.expected}”，实际为“${problem.found}”，与所填等级不符。`;
  return refuse('CERTIFICATE_NUMBER_INVALID', 422, '证书编号不符合规定格式', detail, problem.kind === 'LEVEL_MISMATCH' ? { position: problem.position } : {});
};

export const certificateNumberTaken = (number: string): ClaimError =>
  refuse('CERTIFICATE_NUMBER_TAKEN', 409, '证书编号已登记', `证书编号 ${number} 已经登记，同一证书不能登记两次。`);

export const certificateDateInFuture = (issuedOn: string): ClaimError =>
  refuse('CERTIFICATE_DATE_IN_FUTURE', 422, '发证日期晚于今天', `发证日期 ${issuedOn} 晚于今天，请核对。`);

export const certificateNotVerified = (): ClaimError =>
  refuse('CERTIFICATE_NOT_VERIFIED', 409, '证书尚未核验', '该证书是本人申报的，须经人社部门核验后才能申领补贴。');

export const certificateNotPending = (): ClaimError =>
  refuse('CERTIFICATE_NOT_PENDING', 409, '证书不在待核验状态', '该证书已经核验或不予认可，不能再次审核。');

export const certificateScanMissing = (): ClaimError =>
  refuse('CERTIFICATE_SCAN_MISSING', 409, '证书扫描件尚未上传', '学员尚未上传证书扫描件，核验前须先查看扫描件。');

export const certificateNotHolder = (): ClaimError =>
  refuse('CERTIFICATE_NOT_HOLDER', 403, '不是本人的证书', '证书持有人的姓名、身份证号与当前登录学员不一致。');

/** Trainee.Frozen: the record lost its ID number to a verified registration of the person. */
export const traineeFrozen = (): ClaimError =>
  refuse('TRAINEE_FROZEN', 409, '学员档案已冻结', '该学员档案的身份证号已由本人实名核验后重新登记，此档案已冻结，不能申领补贴。请使用经核验的本人账号申领；如有疑问，请联系当地人社部门。');

export const claimPastDeadline = (issuedOn: string, lastDay: string): ClaimError =>
  refuse('CLAIM_PAST_DEADLINE', 422, '已超过申领期限', `证书发证日期为 ${issuedOn}，应在一年内（${lastDay} 前，含当日）申领证书直补（第二十九条）。`, { lastDay });

export const claimAlreadySubsidised = (occupationName: string, level: CertificateLevel): ClaimError =>
  refuse(
    'CLAIM_ALREADY_SUBSIDISED',
    409,
    '同一职业同一等级已享受过补贴',
    `同一人同一职业（${occupationName}）同一等级（${CERTIFICATE_LEVEL_LABELS[level]}）只能享受一次补贴，包括培训补贴、证书直补和参保职工技能提升补贴（第二十九条）。`,
  );

export const claimHigherLevelHeld = (occupationName: string): ClaimError =>
  refuse('CLAIM_HIGHER_LEVEL_HELD', 409, '已持有同职业更高等级证书', `已取得${occupationName}更高等级的证书，不能再申领较低等级的补贴（第二十九条）。`);

export const claimLimitReached = (period: string, limit: number): ClaimError =>
  refuse('CLAIM_LIMIT_REACHED', 409, '已达政策期内补贴次数上限', `${period} 政策期内，同一人同类补贴最多享受 ${limit} 次（第二十九条）。`, { period, limit });

export const claimNoPolicyPeriod = (date: string): ClaimError =>
  refuse('CLAIM_NO_POLICY_PERIOD', 422, '当前没有适用的政策期', `${date} 不在任何已发布的政策期内，暂不能申领。`);

export const claimNoSubsidyStandard = (occupationName: string, level: CertificateLevel): ClaimError =>
  refuse('CLAIM_NO_SUBSIDY_STANDARD', 422, '没有补贴标准', `培训目录中没有${occupationName}（${CERTIFICATE_LEVEL_LABELS[level]}）的补贴标准，暂不能申领。`);

export const claimRouteToSkillUpgrade = (): ClaimError =>
  refuse(
    'CLAIM_ROUTE_TO_SKILL_UPGRADE',
    422,
    '请先申领参保职工技能提升补贴',
    '您是参保企业职工，应优先申领失业保险技能提升补贴（第二十九条）；请通过社保经办渠道申领，不能在此申领证书直补。',
  );

export const claimClassUnknown = (classId: string): ClaimError => refuse('CLAIM_CLASS_UNKNOWN', 404, '班次不存在', `未找到已批准的班次 ${classId}。`);

export const claimClassNotCompleted = (): ClaimError =>
  refuse('CLAIM_CLASS_NOT_COMPLETED', 409, '班次尚未结业', '班次结业后才能申请培训补贴（第十八条：培训结束、取得证书后申请）。');

export const claimAlreadyFiled = (claimId: string): ClaimError =>
  refuse('CLAIM_ALREADY_FILED', 409, '该班次已提交培训补贴申请', `该班次已有培训补贴申请 ${claimId}，同一班次只能申请一次。`, { claimId });

export const claimNotInReview = (lineIds: readonly string[]): ClaimError =>
  refuse('CLAIM_NOT_IN_REVIEW', 409, '申请不在待审核状态', `明细 ${lineIds.join('、')} 已经审核过，不能重复审核。`, { lineIds });

export const claimOutsideArea = (): ClaimError => refuse('CLAIM_OUTSIDE_AREA', 403, '不属于本地区审核范围', '该申请由其他地区的人社部门审核。');

export const claimLineUnknown = (lineId: string): ClaimError => refuse('CLAIM_LINE_UNKNOWN', 404, '申请明细不存在', `申请中没有明细 ${lineId}。`);

export const claimChangedConcurrently = (): ClaimError =>
  refuse('CLAIM_CHANGED_CONCURRENTLY', 409, '申请已被同时修改，请刷新后重试', '同一时间有其他操作修改了相关记录，请稍后重试。');

export const disclosureClosed = (): ClaimError => refuse('DISCLOSURE_CLOSED', 409, '公示期已结束', '该补贴不在公示期内，不能再提出异议。');

export const objectionRateLimited = (): ClaimError =>
  refuse('OBJECTION_RATE_LIMITED', 429, '异议提交过于频繁', '同一来源每小时最多提交 5 条异议，请稍后再试。');

export const objectionNotOpen = (): ClaimError => refuse('OBJECTION_NOT_OPEN', 409, '异议已处理', '该异议已经处理过。');

export const importFileUnreadable = (detail: string): ClaimError => refuse('IMPORT_FILE_UNREADABLE', 422, '导入文件无法读取', detail);


export const workingCalendarNotPublished = (year: number): ClaimError =>
  refuse('WORKING_CALENDAR_NOT_PUBLISHED', 404, '该年工作日历尚未发布', `${year}年放假安排尚未发布，公示期暂按周一至周五计算；发布后公示中的期限将重新计算。`);

export const workingCalendarInvalid = (problems: ReadonlyArray<{ field: string; date: string; problem: string }>): ClaimError =>
  new ClaimError({
    code: 'WORKING_CALENDAR_INVALID',
    status: 422,
    title: '工作日历不符合要求',
    detail: `工作日历有 ${problems.length} 处问题，未发布：${problems.map((p) => `${p.date}${p.problem}`).join('；')}。`,
    fields: problems.map((p) => ({ path: `body.${p.field}`, code: 'WORKING_CALENDAR_INVALID', message: `${p.date}${p.problem}` })),
  });

export const workingCalendarVersionExists = (year: number, version: string): ClaimError =>
  refuse('WORKING_CALENDAR_VERSION_EXISTS', 409, '工作日历版本已发布', `${year}年工作日历版本“${version}”已发布且日期不同；更正须使用新的版本号。`, { year, version });
