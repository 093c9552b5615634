import { type ChangeRequestView, type ClassView, sessionIdFor } from '@peixun/shared';
import type { ChangeRequest } from '../classes/change-requests';
import type { ClassRecord } from '../adapters/class-repository';

export function classView({ application, lifecycle }: ClassRecord): ClassView {
  const { classId: _classId, institutionId: _institutionId, ...body } = application;
  return {
    classId: lifecycle.classId,
    institutionId: lifecycle.institutionId,
    status: lifecycle.status,
    version: lifecycle.version,
    approvingAreaCode: lifecycle.approvingAreaCode,
    application: body,
    sessions: application.sessions.map((session) => ({ label: session.sessionId, sessionId: sessionIdFor(lifecycle.classId, session.sessionId) })),
    history: lifecycle.history.map((transition) => ({ ...transition, actor: { ...transition.actor }, reasons: [...transition.reasons] })),
  };
}

export function changeRequestView({ decisionReasons, ...request }: ChangeRequest): ChangeRequestView {
  return {
    ...request,
    requestedBy: { ...request.requestedBy },
    ...(request.decidedBy === undefined ? {} : { decidedBy: { ...request.decidedBy } }),
    ...(decisionReasons === undefined ? {} : { decisionReasons: [...decisionReasons] }),
  };
}
