import * as z from 'zod';
import { article } from '../reference/articles';
import { isoDateSchema, localTimeSchema, shanghaiInstant } from '../reference/calendar';
import { defineRule, type Violation } from '../reference/rules';
import { type Actor, ActionRefused, type ActorRecord, authorise } from './actors';
import { type ClassApplication, rosterEntrySchema, sessionPlanSchema } from './class-application';
import { scheduleSpan, sessionLabel } from './schedule';
import { ClassApplicationRejected } from './validate-class-application';
import { type ClassLifecycle, type ClassStatus, EDITABLE_STATUSES } from './workflow';

/**
 * Once approved, a class is what the office approved: a new trainee, a moved session or a new
 * teacher is a change request the same office reviews against the same rules, never a silent
 * edit (Art. 9 "谁审批、谁监管"; Art. 28: every change traceable).
 */
export const classChangeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ADD_TRAINEE'), entry: rosterEntrySchema }),
  z.object({ kind: z.literal('WITHDRAW_TRAINEE'), traineeId: z.string().min(1) }),
  z.object({ kind: z.literal('MOVE_SESSION'), sessionId: z.string().min(1), date: isoDateSchema, start: localTimeSchema, end: localTimeSchema }),
  z.object({ kind: z.literal('REPLACE_TEACHER'), sessionId: z.string().min(1), fromTeacherId: z.string().min(1), toTeacherId: z.string().min(1) }),
  z.object({ kind: z.literal('ADD_SESSION'), session: sessionPlanSchema }),
  z.object({ kind: z.literal('CANCEL_SESSION'), sessionId: z.string().min(1) }),
]);
export type ClassChange = z.infer<typeof classChangeSchema>;

export type ChangeRequestStatus = 'PENDING' | 'APPROVED' | 'REJECTED';

export interface ChangeRequest {
  readonly changeRequestId: string;
  readonly classId: string;
  readonly change: ClassChange;
  readonly reason: string;
  readonly status: ChangeRequestStatus;
  readonly requestedBy: ActorRecord;
  readonly requestedAt: string;
  readonly decidedBy?: ActorRecord;
  readonly decidedAt?: string;
  readonly decisionReasons?: readonly string[];
}

export const CHANGE_RULES = {
  locked: defineRule('CLASS_LOCKED_USE_CHANGE_REQUEST', article(9), '已提交或已批准的班次不得直接修改，变更须经审批部门审核'),
  notApplicable: defineRule('CHANGE_REQUEST_NOT_APPLICABLE', article(9), '只有已批准或培训中的班次可以申请变更'),
  reasonRequired: defineRule('CHANGE_REASON_REQUIRED', article(28), '变更申请须写明理由，留痕备查'),
  sessionNotFound: defineRule('SESSION_NOT_FOUND', article(23), '变更的课次须为教学计划中的课次'),
  sessionHeld: defineRule('SESSION_ALREADY_HELD', article(28), '已开始或已结束的课次不得调整，考勤记录须真实'),
  movedIntoPast: defineRule('SESSION_MOVED_INTO_PAST', article(27), '“先进后补”，调整后的课次须在变更申请之后进行'),
  traineeNotInRoster: defineRule('TRAINEE_NOT_IN_ROSTER', article(23), '退出的学员须为本班花名册中的学员'),
  teacherNotOnSession: defineRule('TEACHER_NOT_ON_SESSION', article(23), '被替换的教师须为该课次的授课教师'),
  alreadyDecided: defineRule('CHANGE_REQUEST_ALREADY_DECIDED', article(9), '变更申请只能审核一次'),
} as const;

/** Direct edits are for drafts and returned applications only. */
export function assertDirectEditAllowed(lifecycle: ClassLifecycle): void {
  if (EDITABLE_STATUSES.includes(lifecycle.status)) return;
  throw new ActionRefused(CHANGE_RULES.locked, 409, `班次${lifecycle.classId}当前状态不允许直接修改，请提交变更申请。`, [
    { kind: 'class', id: lifecycle.classId },
  ]);
}

const CHANGEABLE: readonly ClassStatus[] = ['APPROVED', 'IN_PROGRESS'];

function refuse(rule: (typeof CHANGE_RULES)[keyof typeof CHANGE_RULES], status: number, finding: string, classId: string): never {
  throw new ActionRefused(rule, status, finding, [{ kind: 'class', id: classId }]);
}

/** Sessions that have begun are facts of attendance; they cannot be moved, re-staffed or cancelled. */
function guardSessionChange(application: ClassApplication, change: ClassChange, at: string): void {
  if (change.kind === 'ADD_TRAINEE' || change.kind === 'WITHDRAW_TRAINEE') return;
  const atMs = Date.parse(at);
  if (change.kind === 'ADD_SESSION') {
    if (Date.parse(shanghaiInstant(change.session.date, change.session.start)) <= atMs) {
      refuse(CHANGE_RULES.movedIntoPast, 422, `新增课次${sessionLabel(change.session)}早于申请时间${at}。`, application.classId);
    }
    return;
  }
  const session = application.sessions.find((candidate) => candidate.sessionId === change.sessionId);
  if (session === undefined) refuse(CHANGE_RULES.sessionNotFound, 422, `课次${change.sessionId}不在教学计划中。`, application.classId);
  if (Date.parse(shanghaiInstant(session.date, session.start)) <= atMs) {
    refuse(CHANGE_RULES.sessionHeld, 422, `课次${sessionLabel(session)}已经开始。`, application.classId);
  }
  if (change.kind === 'MOVE_SESSION' && Date.parse(shanghaiInstant(change.date, change.start)) <= atMs) {
    refuse(CHANGE_RULES.movedIntoPast, 422, `课次将调整到${change.date} ${change.start}，早于申请时间${at}。`, application.classId);
  }
  if (change.kind === 'REPLACE_TEACHER' && !session.teacherIds.includes(change.fromTeacherId)) {
    refuse(CHANGE_RULES.teacherNotOnSession, 422, `教师${change.fromTeacherId}不是课次${sessionLabel(session)}的授课教师。`, application.classId);
  }
}

export function requestClassChange(args: {
  lifecycle: ClassLifecycle;
  application: ClassApplication;
  change: ClassChange;
  changeRequestId: string;
  reason: string;
  actor: Actor;
  at: string;
}): ChangeRequest {
  const { lifecycle, application, change } = args;
  // Ownership first: another school learns nothing of the class's state.
  const requestedBy = authorise(args.actor, ['institution'], lifecycle);
  if (!CHANGEABLE.includes(lifecycle.status)) {
    refuse(CHANGE_RULES.notApplicable, 409, `班次${lifecycle.classId}尚未批准或已结束。`, lifecycle.classId);
  }
  if (args.reason.trim() === '') refuse(CHANGE_RULES.reasonRequired, 422, '变更申请未填写理由。', lifecycle.classId);
  if (change.kind === 'WITHDRAW_TRAINEE' && !application.roster.some((entry) => entry.traineeId === change.traineeId)) {
    refuse(CHANGE_RULES.traineeNotInRoster, 422, `学员${change.traineeId}不在本班花名册中。`, lifecycle.classId);
  }
  guardSessionChange(application, change, args.at);
  return {
    changeRequestId: args.changeRequestId,
    classId: lifecycle.classId,
    change,
    reason: args.reason.trim(),
    status: 'PENDING',
    requestedBy,
    requestedAt: args.at,
  };
}

/** The application as it would read after the change; the caller re-validates it with the class rules. */
export function applyClassChange(application: ClassApplication, change: ClassChange): ClassApplication {
  switch (change.kind) {
    case 'ADD_TRAINEE':
      return { ...application, roster: [...application.roster, change.entry] };
    case 'WITHDRAW_TRAINEE':
      return { ...application, roster: application.roster.filter((entry) => entry.traineeId !== change.traineeId) };
    case 'MOVE_SESSION':
      return {
        ...application,
        sessions: application.sessions.map((s) =>
          s.sessionId === change.sessionId ? { ...s, date: change.date, start: change.start, end: change.end } : s,
        ),
      };
    case 'REPLACE_TEACHER':
      return {
        ...application,
        sessions: application.sessions.map((s) =>
          s.sessionId === change.sessionId
            ? { ...s, teacherIds: s.teacherIds.map((id) => (id === change.fromTeacherId ? change.toTeacherId : id)) }
            : s,
        ),
      };
    case 'ADD_SESSION':
      return { ...application, sessions: [...application.sessions, change.session] };
    case 'CANCEL_SESSION':
      return { ...application, sessions: application.sessions.filter((s) => s.sessionId !== change.sessionId) };
  }
}

/**
 * The approving office decides. Approval needs the changed application to pass every class
 * rule again (a moved session may now clash, a new trainee may be too old).
 */
export function decideClassChange(args: {
  request: ChangeRequest;
  lifecycle: ClassLifecycle;
  decision: 'APPROVE' | 'REJECT';
  reasons: readonly string[];
  actor: Actor;
  at: string;
  /** Required to approve: the changed application and what `validateClassApplication` says of it. */
  changed?: { application: ClassApplication; violations: readonly Violation[] };
}): { request: ChangeRequest; lifecycle: ClassLifecycle } {
  const { request, lifecycle } = args;
  // Only the approving office learns whether the request or the class can still be decided.
  const decidedBy = authorise(args.actor, ['reviewer'], lifecycle);
  if (request.status !== 'PENDING') refuse(CHANGE_RULES.alreadyDecided, 409, `变更申请${request.changeRequestId}已审核。`, lifecycle.classId);
  if (!CHANGEABLE.includes(lifecycle.status)) {
    refuse(CHANGE_RULES.notApplicable, 409, `班次${lifecycle.classId}已不在可变更状态。`, lifecycle.classId);
  }
  const reasons = args.reasons.map((reason) => reason.trim()).filter(Boolean);
  if (args.decision === 'REJECT') {
    if (reasons.length === 0) refuse(CHANGE_RULES.reasonRequired, 422, '不予批准变更未填写理由。', lifecycle.classId);
    return { request: { ...request, status: 'REJECTED', decidedBy, decidedAt: args.at, decisionReasons: reasons }, lifecycle };
  }
  if (args.changed === undefined) throw new Error('Approving a change needs the changed class and its validation result');
  if (args.changed.violations.length > 0) throw new ClassApplicationRejected(args.changed.violations);
  return {
    request: { ...request, status: 'APPROVED', decidedBy, decidedAt: args.at, decisionReasons: reasons },
    lifecycle: {
      ...lifecycle,
      // A moved or added session moves the timing rules with it.
      ...scheduleSpan(args.changed.application.sessions),
      version: lifecycle.version + 1,
      history: [
        ...lifecycle.history,
        { action: 'CHANGE_APPROVED', from: lifecycle.status, to: lifecycle.status, at: args.at, actor: decidedBy, reasons, changeRequestId: request.changeRequestId },
      ],
    },
  };
}
