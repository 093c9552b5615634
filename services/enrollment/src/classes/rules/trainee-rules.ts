import { TARGET_GROUPS, ageOn } from '@peixun/shared';
import { LOCAL_CONFIGURATION, article, law } from '../../reference/articles';
import { defineRule, type Violation } from '../../reference/rules';
import type { ClassRuleCheck, PreparedClass } from '../prepared-class';
import { intervalsOverlap, sessionLabel } from '../schedule';
import type { ClassValidationContext, TraineeFacts } from '../validation-context';
import { traineeLabel } from '../validation-context';

export const TRAINEE_RULES = {
  tooYoung: defineRule('TRAINEE_TOO_YOUNG', law('Labour Law Art. 15', '《中华人民共和国劳动法》第十五条'), '参加补贴性职业技能培训的学员须年满16周岁'),
  tooOldAgricultural: defineRule('TRAINEE_TOO_OLD', article(18, 2), '参加短平快农业种植养殖培训的农村劳动者，培训年龄最多放宽到65岁'),
  tooOldLocal: defineRule('TRAINEE_ABOVE_LOCAL_AGE_LIMIT', LOCAL_CONFIGURATION, '学员年龄不得超过本地配置的该培训类型年龄上限'),
  notEligible: defineRule('TRAINEE_NOT_ELIGIBLE_FOR_TRACK', article(15), '学员须属于该培训类型面向的人员类别（第十五条重点群体、第十条企业职工）'),
  overlap: defineRule('TRAINEE_SESSION_OVERLAP', article(28), '同一学员不得同时参加上课时间重叠的两个班次（考勤记录须真实，防止虚假培训，第二十六条）'),
} as const;

/** Art. 18(2): the 65 relaxation is for rural workers on agricultural short courses only. */
function ageCeiling(prepared: PreparedClass, trainee: TraineeFacts, ruralLabourer: boolean | undefined, context: ClassValidationContext) {
  const configured = context.limits.maximumAge(prepared.application.trainingType);
  const rural = ruralLabourer === true || trainee.targetGroups.includes('RURAL_MIGRANT_WORKER');
  const relaxed = prepared.application.trainingType === 'EMPLOYMENT_SHORT' && prepared.occupation?.agricultural === true && rural;
  return relaxed ? { max: Math.max(configured, context.limits.agriculturalShortCourseRuralMaximumAge), relaxed } : { max: configured, relaxed };
}

/** Ages are taken on the first day of training: a trainee may turn 61 during a class, not before it. */
export const checkAges: ClassRuleCheck = (prepared, context) => {
  const violations: Violation[] = [];
  prepared.application.roster.forEach((entry, index) => {
    const trainee = context.trainees.get(entry.traineeId);
    if (trainee === undefined) return;
    const age = ageOn(trainee.birthDate, prepared.firstDate);
    const who = traineeLabel(trainee);
    const subject = [{ kind: 'trainee' as const, id: trainee.traineeId, label: who }];
    const path = `roster[${index}]`;
    if (age < context.limits.minimumAge) {
      violations.push(TRAINEE_RULES.tooYoung.violation(`学员${who}在开班日${prepared.firstDate}为${age}周岁。`, subject, path));
      return;
    }
    const { max, relaxed } = ageCeiling(prepared, trainee, entry.ruralLabourer, context);
    if (age <= max) return;
    const rule = relaxed ? TRAINEE_RULES.tooOldAgricultural : TRAINEE_RULES.tooOldLocal;
    violations.push(rule.violation(`学员${who}在开班日${prepared.firstDate}为${age}周岁，本班上限为${max}周岁。`, subject, path));
  });
  return violations;
};

export const checkEligibility: ClassRuleCheck = ({ application, type }, { trainees, limits }) => {
  const eligible = limits.eligibleTargetGroups(application.trainingType);
  const eligibleLabels = eligible.map((group) => TARGET_GROUPS[group]).join('、');
  return application.roster.flatMap((entry, index) => {
    const trainee = trainees.get(entry.traineeId);
    if (trainee === undefined || trainee.targetGroups.some((group) => eligible.includes(group))) return [];
    const who = traineeLabel(trainee);
    const groups = trainee.targetGroups.map((group) => TARGET_GROUPS[group]).join('、') || '未登记';
    return [
      TRAINEE_RULES.notEligible.violation(
        `学员${who}的人员类别为${groups}，${type.label}面向${eligibleLabels}。`,
        [{ kind: 'trainee', id: trainee.traineeId, label: who }],
        `roster[${index}]`,
      ),
    ];
  });
};

/** Other classes' sessions of each trainee, compared with this class's; the class itself is skipped so a change can be re-checked. */
export const checkTraineeOverlaps: ClassRuleCheck = ({ application, sessions }, { trainees, otherSessionsByTrainee }) => {
  const violations: Violation[] = [];
  application.roster.forEach((entry, index) => {
    const others = (otherSessionsByTrainee.get(entry.traineeId) ?? [])
      .filter((other) => other.classId !== application.classId)
      .map((other) => ({ ...other, startMs: Date.parse(other.startsAt), endMs: Date.parse(other.endsAt) }));
    const clashes = sessions.flatMap((session) =>
      others.filter((other) => intervalsOverlap(session, other)).map((other) => ({ session, other })),
    );
    if (clashes.length === 0) return;
    const trainee = trainees.get(entry.traineeId);
    const who = trainee ? traineeLabel(trainee) : entry.traineeId;
    const shown = clashes
      .slice(0, 3)
      .map(({ session, other }) => `本班${sessionLabel(session)}与“${other.className}”${other.startsAt}—${other.endsAt}`)
      .join('；');
    const more = clashes.length > 3 ? `等共${clashes.length}处` : '';
    violations.push(
      TRAINEE_RULES.overlap.violation(
        `学员${who}：${shown}${more}时间重叠。`,
        [
          { kind: 'trainee', id: entry.traineeId, label: who },
          ...[...new Map(clashes.map(({ session }) => [session.sessionId, session])).values()].map((session) => ({
            kind: 'session' as const,
            id: session.sessionId,
            label: sessionLabel(session),
          })),
        ],
        `roster[${index}]`,
      ),
    );
  });
  return violations;
};
