import {
  classApproved,
  classCancelled,
  classChanged,
  classCompleted,
  classRejected,
  classReturned,
  classStarted,
  classSubmitted,
  type OutboxItem,
  outboxItem,
  sessionCancelled,
  sessionIdFor,
  sessionScheduled,
  traineeEnrolled,
  traineeWithdrawn,
} from '@peixun/shared';
import type { ChangeRequest } from '../classes/change-requests';
import type { ClassApplication } from '../classes/class-application';
import { classSnapshot } from '../classes/class-snapshot';
import { timeSession } from '../classes/schedule';
import type { ClassValidationContext } from '../classes/validation-context';
import type { ClassLifecycle, ClassTransition } from '../classes/workflow';

/**
 * The class lifecycle as events, with what attendance, recordings and subsidy need, built as
 * outbox items: the repository writes them in the same transaction as the class, so an event
 * exists exactly when its change was committed (`shared/src/events/outbox.ts`).
 */
function lastTransition(lifecycle: ClassLifecycle): ClassTransition {
  const transition = lifecycle.history[lifecycle.history.length - 1];
  if (transition === undefined) throw new Error(`Class ${lifecycle.classId} has no transition to announce`);
  return transition;
}

export function submittedEvents(application: ClassApplication, lifecycle: ClassLifecycle, context: ClassValidationContext): OutboxItem[] {
  const transition = lastTransition(lifecycle);
  return [outboxItem(classSubmitted, { class: classSnapshot(application, lifecycle, context), submittedAt: transition.at, submittedBy: transition.actor })];
}

/** Class.Approved first (it alone holds every fact), then each trainee enrolled and each session scheduled. */
export function approvedEvents(application: ClassApplication, lifecycle: ClassLifecycle, context: ClassValidationContext): OutboxItem[] {
  const transition = lastTransition(lifecycle);
  const snapshot = classSnapshot(application, lifecycle, context);
  const common = { classId: snapshot.classId, classVersion: snapshot.classVersion, institutionId: snapshot.institutionId, trainingType: snapshot.trainingType };
  const expectedTraineeIds = snapshot.roster.map((member) => member.traineeId);
  return [
    outboxItem(classApproved, { class: snapshot, approvedAt: transition.at, approvedBy: transition.actor, reasons: [...transition.reasons] }),
    ...snapshot.roster.map((member) => outboxItem(traineeEnrolled, { ...common, member, enrolledAt: transition.at, via: 'CLASS_APPROVED' })),
    ...snapshot.sessions.map((session) =>
      outboxItem(sessionScheduled, {
        ...common,
        approvingAreaCode: snapshot.approvingAreaCode,
        recordingRequired: snapshot.recordingRequired,
        session,
        expectedTraineeIds,
        reason: 'CLASS_APPROVED',
      }),
    ),
  ];
}

export function decisionEvents(decision: 'REJECT' | 'RETURN', lifecycle: ClassLifecycle): OutboxItem[] {
  const transition = lastTransition(lifecycle);
  return [
    outboxItem(decision === 'REJECT' ? classRejected : classReturned, {
      classId: lifecycle.classId,
      classVersion: lifecycle.version,
      institutionId: lifecycle.institutionId,
      approvingAreaCode: lifecycle.approvingAreaCode,
      decidedAt: transition.at,
      decidedBy: transition.actor,
      reasons: [...transition.reasons],
      ruleCodes: [],
    }),
  ];
}

/** Start, completion and cancellation; a cancelled approved class also calls off its sessions still ahead. */
export function closingEvents(
  action: 'START' | 'COMPLETE' | 'CANCEL',
  application: ClassApplication,
  lifecycle: ClassLifecycle,
  sessionsWereScheduled: boolean,
): OutboxItem[] {
  const transition = lastTransition(lifecycle);
  const detail = {
    classId: lifecycle.classId,
    classVersion: lifecycle.version,
    institutionId: lifecycle.institutionId,
    approvingAreaCode: lifecycle.approvingAreaCode,
    at: transition.at,
    by: transition.actor,
    reasons: [...transition.reasons],
    rosterTraineeIds: application.roster.map((entry) => entry.traineeId),
  };
  const contract = { START: classStarted, COMPLETE: classCompleted, CANCEL: classCancelled }[action];
  if (action !== 'CANCEL' || !sessionsWereScheduled) return [outboxItem(contract, detail)];
  const reason = transition.reasons.join('；');
  // Sessions already held stay facts of attendance; only the ones still ahead are called off.
  const ahead = application.sessions.filter((session) => timeSession(session).startMs > Date.parse(transition.at));
  return [
    outboxItem(contract, detail),
    ...ahead.map((session) =>
      outboxItem(sessionCancelled, {
        classId: lifecycle.classId,
        classVersion: lifecycle.version,
        sessionId: sessionIdFor(lifecycle.classId, session.sessionId),
        cancelledAt: transition.at,
        reason,
      }),
    ),
  ];
}

const SESSION_REASONS = { MOVE_SESSION: 'SESSION_MOVED', ADD_SESSION: 'SESSION_ADDED', REPLACE_TEACHER: 'TEACHER_REPLACED' } as const;

/** Class.Changed with the new snapshot, plus the one fact that changed, for consumers that track trainees or sessions. */
export function changeEvents(request: ChangeRequest, application: ClassApplication, lifecycle: ClassLifecycle, context: ClassValidationContext): OutboxItem[] {
  const snapshot = classSnapshot(application, lifecycle, context);
  const { decidedAt, decidedBy, change } = request;
  if (decidedAt === undefined || decidedBy === undefined) throw new Error('Only a decided change is announced');
  const changed = outboxItem(classChanged, {
    class: snapshot,
    changeRequestId: request.changeRequestId,
    changeKind: change.kind,
    reason: request.reason,
    approvedAt: decidedAt,
    approvedBy: decidedBy,
  });
  const common = { classId: snapshot.classId, classVersion: snapshot.classVersion, institutionId: snapshot.institutionId, trainingType: snapshot.trainingType };
  switch (change.kind) {
    case 'ADD_TRAINEE': {
      const member = snapshot.roster.find((candidate) => candidate.traineeId === change.entry.traineeId);
      if (member === undefined) throw new Error('An added trainee is on the new roster');
      return [changed, outboxItem(traineeEnrolled, { ...common, member, enrolledAt: decidedAt, via: 'CHANGE_APPROVED', changeRequestId: request.changeRequestId })];
    }
    case 'WITHDRAW_TRAINEE':
      return [
        changed,
        outboxItem(traineeWithdrawn, {
          classId: snapshot.classId,
          classVersion: snapshot.classVersion,
          traineeId: change.traineeId,
          withdrawnAt: decidedAt,
          reason: request.reason,
          changeRequestId: request.changeRequestId,
        }),
      ];
    case 'CANCEL_SESSION':
      return [
        changed,
        outboxItem(sessionCancelled, {
          classId: snapshot.classId,
          classVersion: snapshot.classVersion,
          sessionId: sessionIdFor(snapshot.classId, change.sessionId),
          cancelledAt: decidedAt,
          reason: request.reason,
        }),
      ];
    case 'MOVE_SESSION':
    case 'ADD_SESSION':
    case 'REPLACE_TEACHER': {
      // Change requests name a session by the school's label, which is unique inside the class.
      const label = change.kind === 'ADD_SESSION' ? change.session.sessionId : change.sessionId;
      const session = snapshot.sessions.find((candidate) => candidate.label === label);
      if (session === undefined) throw new Error('A changed session is in the new teaching plan');
      return [
        changed,
        outboxItem(sessionScheduled, {
          ...common,
          approvingAreaCode: snapshot.approvingAreaCode,
          recordingRequired: snapshot.recordingRequired,
          session,
          expectedTraineeIds: snapshot.roster.map((member) => member.traineeId),
          reason: SESSION_REASONS[change.kind],
        }),
      ];
    }
  }
}
