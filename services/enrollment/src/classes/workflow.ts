import { article } from '../reference/articles';
import { shanghaiDate } from '../reference/calendar';
import { defineRule, type Violation } from '../reference/rules';
import { type Actor, type ActingAs, ActionRefused, type ActorRecord, authorise, type ClassOwnership } from './actors';
import { ClassApplicationRejected } from './validate-class-application';

/**
 * The life of a class (开班申请 → 审核 → 开班 → 结业):
 *
 *   DRAFT ─submit→ SUBMITTED ─approve→ APPROVED ─start→ IN_PROGRESS ─complete→ COMPLETED
 *     ↑              │ ├─reject→ REJECTED (final, with reasons)
 *     └──RETURNED ←return┘ (with reasons; the school edits and submits again)
 *   cancel (with reasons) from any open state → CANCELLED
 *
 * Each step is recorded with who, when and why (Art. 28), and the class version grows by one,
 * so consumers of events can tell a newer state from an older one arriving late.
 */
export const CLASS_STATUSES = ['DRAFT', 'SUBMITTED', 'APPROVED', 'REJECTED', 'RETURNED', 'IN_PROGRESS', 'COMPLETED', 'CANCELLED'] as const;
export type ClassStatus = (typeof CLASS_STATUSES)[number];
export const CLASS_STATUS_LABELS: Record<ClassStatus, string> = {
  DRAFT: '草稿',
  SUBMITTED: '已提交待审核',
  APPROVED: '已批准',
  REJECTED: '不予批准',
  RETURNED: '退回修改',
  IN_PROGRESS: '培训中',
  COMPLETED: '已结业',
  CANCELLED: '已撤销',
};

export const CLASS_ACTIONS = ['SUBMIT', 'APPROVE', 'REJECT', 'RETURN', 'START', 'COMPLETE', 'CANCEL'] as const;
export type ClassAction = (typeof CLASS_ACTIONS)[number];
const ACTION_LABELS: Record<ClassAction, string> = {
  SUBMIT: '提交',
  APPROVE: '批准',
  REJECT: '不予批准',
  RETURN: '退回修改',
  START: '开班',
  COMPLETE: '结业',
  CANCEL: '撤销',
};

interface TransitionSpec {
  /** Who may take the step from each state it starts from. */
  readonly from: Partial<Record<ClassStatus, readonly ActingAs[]>>;
  readonly to: ClassStatus;
  readonly reasonsRequired: boolean;
}

const TRANSITIONS: Record<ClassAction, TransitionSpec> = {
  SUBMIT: { from: { DRAFT: ['institution'], RETURNED: ['institution'] }, to: 'SUBMITTED', reasonsRequired: false },
  APPROVE: { from: { SUBMITTED: ['reviewer'] }, to: 'APPROVED', reasonsRequired: false },
  REJECT: { from: { SUBMITTED: ['reviewer'] }, to: 'REJECTED', reasonsRequired: true },
  RETURN: { from: { SUBMITTED: ['reviewer'] }, to: 'RETURNED', reasonsRequired: true },
  START: { from: { APPROVED: ['institution', 'system'] }, to: 'IN_PROGRESS', reasonsRequired: false },
  COMPLETE: { from: { IN_PROGRESS: ['institution', 'reviewer'] }, to: 'COMPLETED', reasonsRequired: false },
  // A school may withdraw its own class until it starts; once trainees sit in it, only the supervising office may stop it.
  CANCEL: {
    from: { DRAFT: ['institution'], SUBMITTED: ['institution'], RETURNED: ['institution'], APPROVED: ['institution', 'reviewer'], IN_PROGRESS: ['reviewer'] },
    to: 'CANCELLED',
    reasonsRequired: true,
  },
};

export interface ClassTransition {
  readonly action: ClassAction | 'CHANGE_APPROVED';
  readonly from: ClassStatus;
  readonly to: ClassStatus;
  readonly at: string;
  readonly actor: ActorRecord;
  readonly reasons: readonly string[];
  readonly changeRequestId?: string;
}

export interface ClassLifecycle extends ClassOwnership {
  readonly status: ClassStatus;
  /** Grows with every transition and approved change. */
  readonly version: number;
  readonly firstSessionStartsAt: string;
  readonly lastSessionEndsAt: string;
  readonly history: readonly ClassTransition[];
}

export const WORKFLOW_RULES = {
  notAllowed: defineRule('TRANSITION_NOT_ALLOWED', article(23), '开班申请须按“申请—审核—开班—结业”的顺序办理'),
  reasonsRequired: defineRule('REASONS_REQUIRED', article(28), '不予批准、退回修改和撤销须写明理由，留痕备查'),
  submittedAfterStart: defineRule('SUBMITTED_AFTER_CLASS_START', article(27), '“先进后补”，开班申请须在培训开始前提交'),
  approvedAfterStart: defineRule('APPROVAL_AFTER_CLASS_START', article(27), '“先进后补”，班次须在培训开始前获得批准'),
  notStarted: defineRule('CLASS_NOT_YET_STARTED', article(23), '班次在首个课次当日方可开班'),
  notFinished: defineRule('CLASS_NOT_FINISHED', article(19), '全部课次结束后方可结业并组织考核评价'),
} as const;

export function newClassLifecycle(args: Omit<ClassLifecycle, 'status' | 'version' | 'history'>): ClassLifecycle {
  return { ...args, status: 'DRAFT', version: 1, history: [] };
}

export interface TransitionInput {
  readonly actor: Actor;
  /** ISO-8601 instant with offset. */
  readonly at: string;
  readonly reasons?: readonly string[];
  /** Result of `validateClassApplication` at this moment; required to submit and to approve. */
  readonly violations?: readonly Violation[];
}

function guardTiming(lifecycle: ClassLifecycle, action: ClassAction, at: string): void {
  const subject = [{ kind: 'class' as const, id: lifecycle.classId }];
  const atMs = Date.parse(at);
  const firstMs = Date.parse(lifecycle.firstSessionStartsAt);
  if (action === 'SUBMIT' && atMs >= firstMs) {
    throw new ActionRefused(WORKFLOW_RULES.submittedAfterStart, 422, `首个课次${lifecycle.firstSessionStartsAt}已开始，提交时间为${at}。`, subject);
  }
  if (action === 'APPROVE' && atMs >= firstMs) {
    throw new ActionRefused(WORKFLOW_RULES.approvedAfterStart, 422, `首个课次${lifecycle.firstSessionStartsAt}已开始，审批时间为${at}。`, subject);
  }
  if (action === 'START' && shanghaiDate(at) < shanghaiDate(lifecycle.firstSessionStartsAt)) {
    throw new ActionRefused(WORKFLOW_RULES.notStarted, 409, `首个课次在${lifecycle.firstSessionStartsAt}。`, subject);
  }
  if (action === 'COMPLETE' && atMs < Date.parse(lifecycle.lastSessionEndsAt)) {
    throw new ActionRefused(WORKFLOW_RULES.notFinished, 409, `最后一个课次在${lifecycle.lastSessionEndsAt}结束。`, subject);
  }
}

/** Everyone who may take the step from some state. */
const everAllowed = (spec: TransitionSpec): ActingAs[] => [...new Set(Object.values(spec.from).flat())];

/** Applies one step or throws the reason it is refused; the input lifecycle is never modified. */
export function transitionClass(lifecycle: ClassLifecycle, action: ClassAction, input: TransitionInput): ClassLifecycle {
  const spec = TRANSITIONS[action];
  // Whose class it is comes before what state it is in: another school or another area's
  // reviewer is refused without learning the status (a 409 here would tell them).
  authorise(input.actor, everAllowed(spec), lifecycle);
  const allowed = spec.from[lifecycle.status];
  const subject = [{ kind: 'class' as const, id: lifecycle.classId }];
  if (allowed === undefined) {
    throw new ActionRefused(
      WORKFLOW_RULES.notAllowed,
      409,
      `班次当前状态为“${CLASS_STATUS_LABELS[lifecycle.status]}”，不能“${ACTION_LABELS[action]}”。`,
      subject,
    );
  }
  const actor = authorise(input.actor, allowed, lifecycle);
  const reasons = (input.reasons ?? []).map((reason) => reason.trim()).filter((reason) => reason.length > 0);
  if (spec.reasonsRequired && reasons.length === 0) {
    throw new ActionRefused(WORKFLOW_RULES.reasonsRequired, 422, `“${ACTION_LABELS[action]}”未填写理由。`, subject);
  }
  if (action === 'SUBMIT' || action === 'APPROVE') {
    if (input.violations === undefined) throw new Error(`${action} needs the current validation result`);
    if (input.violations.length > 0) throw new ClassApplicationRejected(input.violations);
  }
  guardTiming(lifecycle, action, input.at);
  const record: ClassTransition = { action, from: lifecycle.status, to: spec.to, at: input.at, actor, reasons };
  return {
    ...lifecycle,
    status: spec.to,
    version: lifecycle.version + 1,
    history: [...lifecycle.history, record],
    ...(action === 'SUBMIT' ? { submittedBy: actor.sub } : {}),
  };
}

/** The statuses in which the application itself may still be edited by the school. */
export const EDITABLE_STATUSES: readonly ClassStatus[] = ['DRAFT', 'RETURNED'];
