import { LOCAL_CONFIGURATION, article } from '../../reference/articles';
import { defineRule, type Subject, type Violation } from '../../reference/rules';
import type { ClassRuleCheck } from '../prepared-class';
import { traineeLabel } from '../validation-context';

export const ROSTER_RULES = {
  size: defineRule('CLASS_SIZE_EXCEEDED', article(18, 1), '中长期培训每班人数不得超过60人'),
  entrepreneurshipSize: defineRule('ENTREPRENEURSHIP_CLASS_SIZE_EXCEEDED', article(18, 3), '创业培训（含网络创业培训）每班人数不超过30人'),
  localSize: defineRule('CLASS_SIZE_EXCEEDED_LOCAL_LIMIT', LOCAL_CONFIGURATION, '其他类型培训每班人数不得超过本地配置的上限'),
  empty: defineRule('ROSTER_EMPTY', article(23), '开班申请资料应包括培训开班学员花名册'),
  duplicate: defineRule('TRAINEE_DUPLICATE_IN_ROSTER', article(23), '同一学员在花名册中只能登记一次'),
  notRegistered: defineRule('TRAINEE_NOT_REGISTERED', article(27), '“凡补必进、先进后补、不进不补”，学员须先在实名制系统中实名登记'),
  applicationForm: defineRule('TRAINEE_APPLICATION_FORM_MISSING', article(23), '开班申请资料应包括每名学员的培训个人申请表'),
  notVerified: defineRule('TRAINEE_NOT_VERIFIED', article(27), '学员须通过实名核验（身份证号码与姓名经公安核验一致）后方可参加补贴性培训'),
  frozen: defineRule('TRAINEE_IDENTITY_FROZEN', article(27), '身份证号码已由通过实名核验的本人登记，被冻结的学员记录不得参加培训'),
} as const;

/** Art. 18(1) fixes 60 for long-term classes and Art. 18(3) 30 for entrepreneurship; the rest is configuration. */
export const LONG_TERM_CLASS_SIZE = 60;
export const ENTREPRENEURSHIP_CLASS_SIZE = 30;

export const checkClassSize: ClassRuleCheck = ({ application, type }, { limits }) => {
  const size = application.roster.length;
  const classSubject: Subject[] = [{ kind: 'class', id: application.classId, label: application.name }];
  if (size === 0) return [ROSTER_RULES.empty.violation('本班花名册没有学员。', classSubject, 'roster')];
  if (type.mode === 'ENTREPRENEURSHIP') {
    return size > ENTREPRENEURSHIP_CLASS_SIZE
      ? [ROSTER_RULES.entrepreneurshipSize.violation(`本班花名册共${size}人，超出${size - ENTREPRENEURSHIP_CLASS_SIZE}人。`, classSubject, 'roster')]
      : [];
  }
  if (type.mode === 'LONG_TERM') {
    return size > LONG_TERM_CLASS_SIZE
      ? [ROSTER_RULES.size.violation(`本班花名册共${size}人，超出${size - LONG_TERM_CLASS_SIZE}人。`, classSubject, 'roster')]
      : [];
  }
  const local = limits.classSizeMaximumOtherTypes;
  return size > local
    ? [ROSTER_RULES.localSize.violation(`${type.label}每班上限${local}人，本班花名册共${size}人。`, classSubject, 'roster')]
    : [];
};

export const checkRosterEntries: ClassRuleCheck = ({ application }, { trainees }) => {
  const violations: Violation[] = [];
  const firstIndex = new Map<string, number>();
  application.roster.forEach((entry, index) => {
    const path = `roster[${index}]`;
    const trainee = trainees.get(entry.traineeId);
    const subject: Subject[] = [{ kind: 'trainee', id: entry.traineeId, ...(trainee ? { label: traineeLabel(trainee) } : {}) }];
    const who = trainee ? `学员${traineeLabel(trainee)}` : `学员${entry.traineeId}`;
    const earlier = firstIndex.get(entry.traineeId);
    if (earlier !== undefined) {
      violations.push(ROSTER_RULES.duplicate.violation(`${who}在花名册第${earlier + 1}行和第${index + 1}行重复登记。`, subject, path));
      return;
    }
    firstIndex.set(entry.traineeId, index);
    if (trainee === undefined) {
      violations.push(ROSTER_RULES.notRegistered.violation(`${who}（花名册第${index + 1}行）未在实名制系统中找到。`, subject, `${path}.traineeId`));
    } else if (trainee.verification === 'FROZEN') {
      violations.push(ROSTER_RULES.frozen.violation(`${who}（花名册第${index + 1}行）的记录已冻结：其身份证号码已由通过实名核验的本人登记，请核实学员身份。`, subject, `${path}.traineeId`));
    } else if (trainee.verification === 'UNVERIFIED') {
      violations.push(
        ROSTER_RULES.notVerified.violation(`${who}（花名册第${index + 1}行）尚未通过实名核验，请核验后再提交（POST /trainees/{traineeId}/verification）。`, subject, `${path}.traineeId`),
      );
    }
    if (entry.applicationFormId === undefined) {
      violations.push(ROSTER_RULES.applicationForm.violation(`${who}（花名册第${index + 1}行）缺少培训个人申请表。`, subject, `${path}.applicationFormId`));
    }
  });
  return violations;
};
