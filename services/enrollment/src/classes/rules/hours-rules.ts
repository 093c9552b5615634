import { article } from '../../reference/articles';
import { ARTICLE_18_HOURS_CAP } from '../../reference/occupations';
import { defineRule, type Subject, type Violation } from '../../reference/rules';
import type { ClassRuleCheck } from '../prepared-class';
import { sessionLabel } from '../schedule';
import { certificateLabel } from './certificate-rules';

export const HOURS_RULES = {
  articleCap: defineRule(
    'SUBSIDISED_HOURS_ABOVE_ARTICLE_CAP',
    article(18, 1),
    '专项职业能力证书培训享受补贴时长不超过160个学时，初、中、高级工证书培训不超过320个学时',
  ),
  catalogueCap: defineRule('SUBSIDISED_HOURS_ABOVE_CATALOGUE_CAP', article(6), '培训学时不得超过本地区职业培训项目目录规定的补贴学时上限'),
  shortDays: defineRule('SHORT_COURSE_TOO_MANY_DAYS', article(18, 2), '短平快培训时长不超过3天'),
  shortDayHours: defineRule('SHORT_COURSE_DAY_TOO_LONG', article(18, 2), '短平快培训每天不超过8个课时'),
} as const;

export const SHORT_COURSE_MAX_DAYS = 3;
export const SHORT_COURSE_MAX_HOURS_PER_DAY = 8;

const totalHours = (sessions: readonly { hours: number }[]): number => sessions.reduce((sum, session) => sum + session.hours, 0);

/** Art. 18(1) and the catalogue (Art. 6): the tightest cap among the class's certificates binds. */
export const checkCertificateHours: ClassRuleCheck = ({ application, sessions }, { catalogue }) => {
  if (application.certificates.length === 0) return [];
  const planned = totalHours(sessions);
  const subject: Subject[] = [{ kind: 'class', id: application.classId, label: application.name }];
  for (const target of application.certificates) {
    const label = certificateLabel(target, catalogue.find(target.occupationCode));
    const articleCap = ARTICLE_18_HOURS_CAP[target.level];
    if (articleCap !== undefined && planned > articleCap) {
      return [HOURS_RULES.articleCap.violation(`本班（${label}）教学计划合计${planned}学时，超过上限${articleCap}学时。`, subject, 'sessions')];
    }
  }
  const violations: Violation[] = [];
  for (const target of application.certificates) {
    const offering = catalogue.offering(target.occupationCode, target.level);
    if (offering !== undefined && planned > offering.subsidisedHoursCap) {
      const label = certificateLabel(target, catalogue.find(target.occupationCode));
      violations.push(
        HOURS_RULES.catalogueCap.violation(
          `本班（${label}）教学计划合计${planned}学时，目录（${catalogue.version}）上限为${offering.subsidisedHoursCap}学时。`,
          subject,
          'sessions',
        ),
      );
    }
  }
  return violations.slice(0, 1);
};

export const checkEntrepreneurshipHours: ClassRuleCheck = ({ application, sessions, occupation, type }, { catalogue }) => {
  const cap = occupation?.entrepreneurship?.subsidisedHoursCap;
  if (type.mode !== 'ENTREPRENEURSHIP' || cap === undefined) return [];
  const planned = totalHours(sessions);
  return planned > cap
    ? [
        HOURS_RULES.catalogueCap.violation(
          `“${occupation?.name ?? application.occupationCode}”教学计划合计${planned}学时，目录（${catalogue.version}）上限为${cap}学时。`,
          [{ kind: 'class', id: application.classId, label: application.name }],
          'sessions',
        ),
      ]
    : [];
};

/** Art. 18(2): at most 3 days of at most 8 class hours each. */
export const checkShortCourse: ClassRuleCheck = ({ application, sessions, type }) => {
  if (type.mode !== 'SHORT') return [];
  const violations: Violation[] = [];
  const byDate = new Map<string, typeof sessions[number][]>();
  for (const session of sessions) byDate.set(session.date, [...(byDate.get(session.date) ?? []), session]);
  if (byDate.size > SHORT_COURSE_MAX_DAYS) {
    violations.push(
      HOURS_RULES.shortDays.violation(
        `本班教学计划安排在${byDate.size}天（${[...byDate.keys()].join('、')}）。`,
        [{ kind: 'class', id: application.classId, label: application.name }],
        'sessions',
      ),
    );
  }
  for (const [date, daySessions] of byDate) {
    const hours = totalHours(daySessions);
    if (hours > SHORT_COURSE_MAX_HOURS_PER_DAY) {
      violations.push(
        HOURS_RULES.shortDayHours.violation(
          `${date}安排了${hours}个课时（${daySessions.map(sessionLabel).join('；')}）。`,
          daySessions.map((session) => ({ kind: 'session' as const, id: session.sessionId, label: sessionLabel(session) })),
          'sessions',
        ),
      );
    }
  }
  return violations;
};
