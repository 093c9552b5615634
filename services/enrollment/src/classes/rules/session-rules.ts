import { LOCAL_CONFIGURATION, article } from '../../reference/articles';
import { defineRule, type Violation } from '../../reference/rules';
import type { ClassRuleCheck } from '../prepared-class';
import { intervalsOverlap, sessionLabel } from '../schedule';

export const SESSION_RULES = {
  planEmpty: defineRule('TEACHING_PLAN_EMPTY', article(23), '开班申请资料应包括教学计划（方案），至少安排一个课次'),
  duplicateId: defineRule('SESSION_ID_DUPLICATE', article(23), '教学计划中每个课次须有唯一编号'),
  endBeforeStart: defineRule('SESSION_END_NOT_AFTER_START', article(23), '教学计划中每个课次的结束时间须晚于开始时间'),
  hoursExceedDuration: defineRule('SESSION_HOURS_EXCEED_DURATION', LOCAL_CONFIGURATION, '课次计入的课时数不得多于其时长可容纳的课时（每课时不少于配置的分钟数）'),
  overlap: defineRule('SESSIONS_OVERLAP', article(23), '同一班次的课次时间不得相互重叠'),
} as const;

const subjectOf = (session: { sessionId: string; date: string; start: string; end: string; topic: string }) => ({
  kind: 'session' as const,
  id: session.sessionId,
  label: sessionLabel(session),
});

export const checkSessions: ClassRuleCheck = ({ application, sessions }, { limits }) => {
  if (application.sessions.length === 0) {
    return [SESSION_RULES.planEmpty.violation('本班教学计划没有课次。', [{ kind: 'class', id: application.classId, label: application.name }], 'sessions')];
  }
  const violations: Violation[] = [];
  const seen = new Set<string>();
  application.sessions.forEach((session, index) => {
    const path = `sessions[${index}]`;
    if (seen.has(session.sessionId)) {
      violations.push(SESSION_RULES.duplicateId.violation(`课次编号${session.sessionId}重复。`, [subjectOf(session)], `${path}.sessionId`));
    }
    seen.add(session.sessionId);
    if (session.end <= session.start) {
      violations.push(SESSION_RULES.endBeforeStart.violation(`课次${sessionLabel(session)}的结束时间不晚于开始时间。`, [subjectOf(session)], `${path}.end`));
      return;
    }
    const minutes = (Number(session.end.slice(0, 2)) - Number(session.start.slice(0, 2))) * 60 + Number(session.end.slice(3)) - Number(session.start.slice(3));
    const fits = Math.floor((minutes / limits.minutesPerClassHour) * 2) / 2;
    if (session.hours > fits) {
      violations.push(
        SESSION_RULES.hoursExceedDuration.violation(
          `课次${sessionLabel(session)}时长${minutes}分钟，按每课时${limits.minutesPerClassHour}分钟最多计${fits}课时，填报为${session.hours}课时。`,
          [subjectOf(session)],
          `${path}.hours`,
        ),
      );
    }
  });
  // Sorted by start: an overlap always shows between a session and one still running.
  const valid = sessions.filter((session) => session.endMs > session.startMs);
  for (let i = 0; i < valid.length; i += 1) {
    const current = valid[i];
    if (current === undefined) continue;
    for (let j = i + 1; j < valid.length; j += 1) {
      const later = valid[j];
      if (later === undefined || later.startMs >= current.endMs) break;
      if (intervalsOverlap(current, later)) {
        violations.push(
          SESSION_RULES.overlap.violation(`课次${sessionLabel(current)}与${sessionLabel(later)}时间重叠。`, [subjectOf(current), subjectOf(later)], 'sessions'),
        );
      }
    }
  }
  return violations;
};
