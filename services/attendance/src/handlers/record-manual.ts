import { httpHandler, newId, recordManualAttendanceRoute, requireEnv, RESOURCE_ENV, now } from '@peixun/shared';
import { classOwner } from '../app/access';
import { openSession } from '../app/check-attendance';
import { attendanceDependencies, logger } from '../dependencies';
import { AlreadyRecorded, NotOnRoster } from '../domain/errors';

/** The non-face path: staff record attendance with a reason; it counts only after a reviewer confirms it. */
export const handler = httpHandler(
  recordManualAttendanceRoute,
  async ({ params, body, auth, assertAccess }) => {
    const deps = await attendanceDependencies();
    const { session, cls } = await openSession(deps, params.sessionId, (found) => assertAccess(classOwner(found), '只能操作本机构的班次。'));
    if (!(await deps.projection.isEnrolled(cls.classId, body.traineeId))) throw new NotOnRoster({ traineeId: body.traineeId, classId: cls.classId });
    const record = {
      recordId: newId('man'),
      classId: cls.classId,
      sessionId: session.sessionId,
      traineeId: body.traineeId,
      reason: body.reason,
      status: 'PENDING' as const,
      recordedAt: now().toISOString(),
      recordedBy: auth.sub,
      institutionId: cls.institutionId,
      areaCode: cls.approvingAreaCode,
    };
    if (!(await deps.checks.saveManual(record))) throw new AlreadyRecorded();
    logger.info('manual attendance recorded', { recordId: record.recordId, sessionId: session.sessionId });
    const { recordId, classId, sessionId, traineeId, reason, status, recordedAt, recordedBy } = record;
    return { body: { recordId, classId, sessionId, traineeId, reason, status, recordedAt, recordedBy } };
  },
  { logger, idempotencyTable: requireEnv(RESOURCE_ENV.table) },
);
