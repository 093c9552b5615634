import { teacherValidOn } from '../../institutions/teachers';
import { describeDates } from '../../reference/calendar';
import { article } from '../../reference/articles';
import { defineRule, type Violation } from '../../reference/rules';
import type { ClassRuleCheck } from '../prepared-class';
import { sessionLabel, type TimedSession } from '../schedule';

export const TEACHER_RULES = {
  notRegistered: defineRule('TEACHER_NOT_REGISTERED', article(33), '授课教师须经市州人社部门认定上岗资格并录入师资库'),
  notValid: defineRule('TEACHER_REGISTRATION_NOT_VALID', article(33), '师资库每年更新一次，授课教师在每个课次日期须持有本市（州）师资库的有效登记'),
} as const;

/** One violation per teacher, listing every session concerned, so a school sees the whole problem at once. */
export const checkTeachers: ClassRuleCheck = ({ sessions, cityCode }, { teachers, divisions }) => {
  const sessionsByTeacher = new Map<string, TimedSession[]>();
  for (const session of sessions) {
    for (const teacherId of new Set(session.teacherIds)) sessionsByTeacher.set(teacherId, [...(sessionsByTeacher.get(teacherId) ?? []), session]);
  }
  const cityName = cityCode === undefined ? '' : (divisions.find(cityCode)?.name ?? cityCode);
  const violations: Violation[] = [];
  const sessionSubjects = (list: TimedSession[]) => list.map((s) => ({ kind: 'session' as const, id: s.sessionId, label: sessionLabel(s) }));
  for (const [teacherId, taught] of sessionsByTeacher) {
    const teacher = teachers.get(teacherId);
    if (teacher === undefined) {
      violations.push(
        TEACHER_RULES.notRegistered.violation(
          `教师${teacherId}不在师资库中，却安排了${taught.length}个课次（${taught.map(sessionLabel).slice(0, 3).join('；')}${taught.length > 3 ? '等' : ''}）。`,
          [{ kind: 'teacher', id: teacherId }, ...sessionSubjects(taught)],
          'sessions',
        ),
      );
      continue;
    }
    const invalid = taught.filter((session) => !teacherValidOn(teacher, session.date, cityCode));
    if (invalid.length === 0) continue;
    violations.push(
      TEACHER_RULES.notValid.violation(
        `教师${teacher.name}在${describeDates(invalid.map((session) => session.date))}没有${cityName}师资库的有效登记（涉及${invalid.length}个课次）。`,
        [{ kind: 'teacher', id: teacher.teacherId, label: teacher.name }, ...sessionSubjects(invalid)],
        'sessions',
      ),
    );
  }
  return violations;
};
