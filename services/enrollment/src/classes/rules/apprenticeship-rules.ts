import { article } from '../../reference/articles';
import { addDays, anniversary } from '../../reference/calendar';
import { defineRule, type Subject, type Violation } from '../../reference/rules';
import type { ClassRuleCheck } from '../prepared-class';
import { sessionLabel } from '../schedule';
import { traineeLabel } from '../validation-context';

export const APPRENTICESHIP_RULES = {
  periodRequired: defineRule('APPRENTICESHIP_PERIOD_REQUIRED', article(13), '企业新型学徒制培训须明确培训期限'),
  tooShort: defineRule('APPRENTICESHIP_TOO_SHORT', article(13), '企业新型学徒制培训期限一般为1至2年'),
  extensionReason: defineRule('APPRENTICESHIP_EXTENSION_REASON_REQUIRED', article(13), '企业新型学徒制培训期限超过2年的，须说明特殊情况'),
  tooLong: defineRule('APPRENTICESHIP_TOO_LONG', article(13), '企业新型学徒制培训期限特殊情况最长可延长至3年'),
  sessionOutside: defineRule('SESSION_OUTSIDE_APPRENTICESHIP_PERIOD', article(13), '学徒制课次须在培训期限之内'),
  contract: defineRule('APPRENTICE_CONTRACT_TOO_SHORT', article(10), '企业新型学徒制范围为签订1年以上劳动合同的技能岗位员工'),
} as const;

export const APPRENTICE_MIN_CONTRACT_MONTHS = 12;

/** The period runs from startDate to endDate inclusive: a 1-year period ends the day before the anniversary. */
const lastDayOfYears = (startDate: string, years: number): string => addDays(anniversary(startDate, years), -1);

export const checkApprenticeship: ClassRuleCheck = ({ application, type, sessions }, { trainees }) => {
  if (type.mode !== 'APPRENTICESHIP') return [];
  const classSubject: Subject[] = [{ kind: 'class', id: application.classId, label: application.name }];
  const period = application.apprenticeship;
  if (period === undefined) return [APPRENTICESHIP_RULES.periodRequired.violation('本班未填写学徒培训起止日期。', classSubject, 'apprenticeship')];
  const violations: Violation[] = [];
  const span = `${period.startDate}至${period.endDate}`;
  if (period.endDate < lastDayOfYears(period.startDate, 1)) {
    violations.push(APPRENTICESHIP_RULES.tooShort.violation(`本班培训期限${span}不足1年。`, classSubject, 'apprenticeship.endDate'));
  } else if (period.endDate > lastDayOfYears(period.startDate, 3)) {
    violations.push(APPRENTICESHIP_RULES.tooLong.violation(`本班培训期限${span}超过3年。`, classSubject, 'apprenticeship.endDate'));
  } else if (period.endDate > lastDayOfYears(period.startDate, 2) && period.extensionReason === undefined) {
    violations.push(APPRENTICESHIP_RULES.extensionReason.violation(`本班培训期限${span}超过2年，未填写延长理由。`, classSubject, 'apprenticeship.extensionReason'));
  }
  for (const session of sessions) {
    if (session.date < period.startDate || session.date > period.endDate) {
      violations.push(
        APPRENTICESHIP_RULES.sessionOutside.violation(
          `课次${sessionLabel(session)}不在培训期限${span}内。`,
          [{ kind: 'session', id: session.sessionId, label: sessionLabel(session) }],
          'sessions',
        ),
      );
    }
  }
  application.roster.forEach((entry, index) => {
    const months = entry.labourContractMonths;
    if (months !== undefined && months >= APPRENTICE_MIN_CONTRACT_MONTHS) return;
    const trainee = trainees.get(entry.traineeId);
    const who = trainee ? traineeLabel(trainee) : entry.traineeId;
    violations.push(
      APPRENTICESHIP_RULES.contract.violation(
        months === undefined ? `学员${who}未填写劳动合同期限。` : `学员${who}的劳动合同期限为${months}个月。`,
        [{ kind: 'trainee', id: entry.traineeId, label: who }],
        `roster[${index}].labourContractMonths`,
      ),
    );
  });
  return violations;
};
