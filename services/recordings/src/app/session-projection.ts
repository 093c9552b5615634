import type { ClassSnapshot, DetailOf, sessionScheduled } from '@peixun/shared';
import type { ProjectedSession } from '../domain/session';

/**
 * Enrollment's events as the sessions this service keeps. The secrecy waiver travels as
 * `recordingWaiver` on class snapshots; Session.Scheduled only says `recordingRequired`, and a
 * "not required" there can only be a waiver when the type is not exempt by itself
 * (recordingRequirement ignores a waiver on a class that trains no enterprise staff).
 */
export function sessionsOfSnapshot(snapshot: ClassSnapshot): ProjectedSession[] {
  return snapshot.sessions.map((session) => ({
    sessionId: session.sessionId,
    classId: snapshot.classId,
    classVersion: snapshot.classVersion,
    institutionId: snapshot.institutionId,
    areaCode: snapshot.approvingAreaCode,
    startsAt: session.startsAt,
    endsAt: session.endsAt,
    recording: { trainingType: snapshot.trainingType, secrecyWaiver: snapshot.recordingWaiver !== undefined },
    cancelled: false,
  }));
}

export function sessionOfScheduled(detail: DetailOf<typeof sessionScheduled>): ProjectedSession {
  return {
    sessionId: detail.session.sessionId,
    classId: detail.classId,
    classVersion: detail.classVersion,
    institutionId: detail.institutionId,
    areaCode: detail.approvingAreaCode,
    startsAt: detail.session.startsAt,
    endsAt: detail.session.endsAt,
    recording: { trainingType: detail.trainingType, secrecyWaiver: !detail.recordingRequired },
    cancelled: false,
  };
}
