import { TRAINING_TYPE_FACTS } from '../reference/training-types';
import type { ClassApplication } from './class-application';
import { type ClassSnapshot, sessionIdFor } from '@peixun/shared';
import { recordingRequired } from './rules/documentation-rules';
import { timeSession } from './schedule';
import type { ClassValidationContext } from './validation-context';
import type { ClassLifecycle } from './workflow';

/** Builds the snapshot class events carry, from the validated application and its lifecycle. */
export function classSnapshot(application: ClassApplication, lifecycle: ClassLifecycle, context: ClassValidationContext): ClassSnapshot {
  const type = TRAINING_TYPE_FACTS[application.trainingType];
  const occupation = context.catalogue.find(application.occupationCode);
  return {
    classId: application.classId,
    classVersion: lifecycle.version,
    name: application.name,
    institutionId: application.institutionId,
    approvingAreaCode: lifecycle.approvingAreaCode,
    siteId: application.siteId,
    trainingType: application.trainingType,
    trainingMode: type.mode,
    occupation: { code: application.occupationCode, name: occupation?.name ?? application.occupationCode },
    catalogueVersion: context.catalogue.version,
    catalogueIsSample: context.catalogue.sample,
    certificates: application.certificates.flatMap((target) => {
      const offering = context.catalogue.offering(target.occupationCode, target.level);
      return offering === undefined ? [] : [{ ...target, subsidyFen: offering.subsidyFen, subsidisedHoursCap: offering.subsidisedHoursCap }];
    }),
    recordingRequired: recordingRequired(application, type),
    ...(application.recordingWaiver === undefined ? {} : { recordingWaiver: application.recordingWaiver }),
    completionAssessment: type.completion,
    completionAttendancePercent: context.limits.completionAttendancePercent,
    plannedHours: application.sessions.reduce((sum, session) => sum + session.hours, 0),
    ...(application.jobDemandId === undefined ? {} : { jobDemandId: application.jobDemandId }),
    ...(application.projectId === undefined ? {} : { projectId: application.projectId }),
    sessions: application.sessions.map(timeSession).map((session) => ({
      sessionId: sessionIdFor(application.classId, session.sessionId),
      label: session.sessionId,
      startsAt: session.startsAt,
      endsAt: session.endsAt,
      hours: session.hours,
      topic: session.topic,
      teacherIds: session.teacherIds,
      siteId: application.siteId,
    })),
    roster: application.roster.map((entry) => {
      const trainee = context.trainees.get(entry.traineeId);
      // A class leading to one certificate needs no per-trainee choice; consumers still get it spelled out.
      const certificate = entry.certificate ?? (application.certificates.length === 1 ? application.certificates[0] : undefined);
      return {
        traineeId: entry.traineeId,
        name: trainee?.name ?? '',
        idNumberMasked: trainee?.idNumberMasked ?? '',
        ...(certificate === undefined ? {} : { certificate }),
      };
    }),
  };
}
