import {
  attendanceRecorded,
  attendanceSummarized,
  type ClassSnapshot,
  classApproved,
  classCancelled,
  classChanged,
  classCompleted,
  eventHandler,
  institutionRegistered,
  on,
  recordingMissing,
  requireEnv,
  RESOURCE_ENV,
  traineeAccountLinked,
  traineeFrozen,
  traineeRegistered,
} from '@peixun/shared';
import type { ProjectedClass } from '../adapters/projections';
import { shanghaiDate } from '../domain/claim-deadline';
import { claimsDependencies, logger } from '../dependencies';

function classOf(snapshot: ClassSnapshot): Omit<ProjectedClass, 'completed' | 'cancelled'> {
  const firstStart = snapshot.sessions.map((session) => session.startsAt).sort()[0] ?? '';
  return {
    classId: snapshot.classId,
    classVersion: snapshot.classVersion,
    institutionId: snapshot.institutionId,
    approvingAreaCode: snapshot.approvingAreaCode,
    occupation: snapshot.occupation,
    certificates: snapshot.certificates.map(({ occupationCode, level, subsidyFen }) => ({ occupationCode, level, subsidyFen })),
    catalogueIsSample: snapshot.catalogueIsSample,
    startDate: shanghaiDate(new Date(firstStart)),
    completionAttendancePercent: snapshot.completionAttendancePercent,
    roster: snapshot.roster.map((member) => ({
      traineeId: member.traineeId,
      name: member.name,
      idNumberMasked: member.idNumberMasked,
      ...(member.certificate === undefined ? {} : { certificate: member.certificate }),
    })),
    sessionIds: snapshot.sessions.map((session) => session.sessionId),
  };
}

async function projectSnapshot(snapshot: ClassSnapshot, approvedAt: string): Promise<void> {
  const { projections } = await claimsDependencies();
  await projections.putClass(classOf(snapshot));
  if (snapshot.catalogueIsSample) return;
  await Promise.all(
    snapshot.certificates.map((certificate) =>
      projections.putStandard(certificate.occupationCode, certificate.level, certificate.subsidyFen, snapshot.catalogueVersion, approvedAt),
    ),
  );
}

/**
 * The facts claims judges by, kept from other services' events (claims never reads their tables):
 * trainees (frozen ones included) and which login acts as whom, institution names, approved classes with roster, subsidy
 * standard and start date, completion, attendance summaries, manual attendance and missing
 * recordings (warnings only). Writes are idempotent and version-conditional.
 */
export const handler = eventHandler(
  [
    on(traineeRegistered, async ({ detail }) => {
      const { projections } = await claimsDependencies();
      const selfRegistered = detail.registeredBy.role === 'trainee' ? detail.registeredBy.sub : undefined;
      await projections.putTrainee({ traineeId: detail.traineeId, name: detail.name, idNumberMasked: detail.idNumberMasked, regionCode: detail.regionCode }, selfRegistered);
    }),
    on(traineeAccountLinked, async ({ detail }) => {
      await (await claimsDependencies()).projections.linkAccount(detail.accountSub, detail.traineeId);
    }),
    on(traineeFrozen, async ({ detail }) => {
      // Its ID number now belongs to a verified registration of the person: no direct claim for this record.
      await (await claimsDependencies()).projections.freezeTrainee(detail.traineeId, detail.frozenAt);
    }),
    on(institutionRegistered, async ({ detail }) => {
      await (await claimsDependencies()).projections.putInstitution(detail.institutionId, detail.name);
    }),
    on(classApproved, async ({ detail }) => projectSnapshot(detail.class, detail.approvedAt)),
    on(classChanged, async ({ detail }) => projectSnapshot(detail.class, detail.approvedAt)),
    on(classCompleted, async ({ detail }) => (await claimsDependencies()).projections.markClass(detail.classId, 'completed')),
    on(classCancelled, async ({ detail }) => (await claimsDependencies()).projections.markClass(detail.classId, 'cancelled')),
    on(attendanceSummarized, async ({ detail }) => {
      await (await claimsDependencies()).projections.putAttendance(detail.classId, {
        classVersion: detail.classVersion,
        trainees: detail.trainees.map(({ traineeId, ratePercent, completed }) => ({ traineeId, ratePercent, completed })),
      });
    }),
    on(attendanceRecorded, async ({ detail }) => {
      if (detail.method !== 'MANUAL') return;
      await (await claimsDependencies()).projections.putManualRecord(detail.classId, detail.traineeId, detail.recordId);
    }),
    on(recordingMissing, async ({ detail }) => (await claimsDependencies()).projections.putMissingRecording(detail.classId, detail.sessionId)),
  ],
  { logger, idempotency: { table: requireEnv(RESOURCE_ENV.table), consumer: 'claims.projectFacts' } },
);
