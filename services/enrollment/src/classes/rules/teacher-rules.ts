import { teacherValidOn } from '../../institutions/teachers';
import { describeDates, shanghaiTimestamp } from '../../reference/calendar';
import { article, LOCAL_CONFIGURATION } from '../../reference/articles';
import { defineRule, type Violation } from '../../reference/rules';
import type { ClassRuleCheck } from '../prepared-class';
import { intervalsOverlap, sessionLabel, type TimedSession } from '../schedule';
import { CLASS_TEACHER_CAPACITY } from '../teacher-schedules';

export const TEACHER_RULES = {
  notRegistered: defineRule('TEACHER_NOT_REGISTERED', article(33), '授课教师须经市州人社部门认定上岗资格并录入师资库'),
  notValid: defineRule('TEACHER_REGISTRATION_NOT_VALID', article(33), '师资库每年更新一次，授课教师在每个课次日期须持有本市（州）师资库的有效登记'),
  // No article says "one teacher, one room" in so many words; Art. 30 makes the institution
  // answer for 培训师资、培训时间 meeting the approved plan, which a teacher booked elsewhere cannot.
  tooMany: defineRule('CLASS_TEACHERS_TOO_MANY', LOCAL_CONFIGURATION, `一个班次的授课教师不得超过${CLASS_TEACHER_CAPACITY}名（系统可受理的上限）`),
  overlap: defineRule('TEACHER_SESSION_OVERLAP', article(30), '同一授课教师不得同时承担上课时间重叠的两个课次（保障培训师资、培训时间达到既定要求）'),
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

/** `2027-09-06 13:00—15:00` for a booked session's instants, as a school reads its own plan. */
function localSpan(startsAt: string, endsAt: string): string {
  const [start, end] = [startsAt, endsAt].map((instant) => shanghaiTimestamp(new Date(instant)));
  return `${start?.slice(0, 10) ?? ''} ${start?.slice(11, 16) ?? ''}—${end?.slice(11, 16) ?? ''}`;
}

/**
 * Sessions of this class against the other approved classes' sessions each of its teachers
 * teaches (any institution); one violation per teacher, naming the other class and the sessions.
 * A class naming more teachers than one approval transaction can book is refused first.
 */
export const checkTeacherOverlaps: ClassRuleCheck = ({ application, sessions }, { teachers, otherSessionsByTeacher }) => {
  const teacherIds = [...new Set(sessions.flatMap((session) => session.teacherIds))];
  if (teacherIds.length > CLASS_TEACHER_CAPACITY) {
    return [TEACHER_RULES.tooMany.violation(`本班共安排${teacherIds.length}名授课教师。`, [{ kind: 'class', id: application.classId, label: application.name }], 'sessions')];
  }
  const violations: Violation[] = [];
  for (const teacherId of teacherIds) {
    const others = (otherSessionsByTeacher.get(teacherId) ?? [])
      .filter((other) => other.classId !== application.classId)
      .map((other) => ({ ...other, startMs: Date.parse(other.startsAt), endMs: Date.parse(other.endsAt) }));
    const clashes = sessions
      .filter((session) => session.teacherIds.includes(teacherId))
      .flatMap((session) => others.filter((other) => intervalsOverlap(session, other)).map((other) => ({ session, other })));
    if (clashes.length === 0) continue;
    const name = teachers.get(teacherId)?.name ?? teacherId;
    const shown = clashes
      .slice(0, 3)
      .map(({ session, other }) => `本班${sessionLabel(session)}与“${other.className}”${localSpan(other.startsAt, other.endsAt)}的课次`)
      .join('；');
    const more = clashes.length > 3 ? `等共${clashes.length}处` : '';
    violations.push(
      TEACHER_RULES.overlap.violation(
        `教师${name}：${shown}${more}时间重叠，同一教师不能同时为两个课次授课。`,
        [
          { kind: 'teacher', id: teacherId, label: name },
          ...[...new Map(clashes.map(({ other }) => [other.classId, other])).values()].map((other) => ({ kind: 'class' as const, id: other.classId, label: other.className })),
          ...[...new Map(clashes.map(({ session }) => [session.sessionId, session])).values()].map((session) => ({
            kind: 'session' as const,
            id: session.sessionId,
            label: sessionLabel(session),
          })),
        ],
        'sessions',
      ),
    );
  }
  return violations;
};
