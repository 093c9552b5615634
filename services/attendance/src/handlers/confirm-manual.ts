import { attendanceRecorded, confirmManualAttendanceRoute, httpHandler, NotFound, requireEnv, RESOURCE_ENV } from '@peixun/shared';
import { assertReviewerOf } from '../app/access';
import { attendanceDependencies, logger } from '../dependencies';
import { ManualRecordNotPending } from '../domain/errors';

export const handler = httpHandler(
  confirmManualAttendanceRoute,
  async ({ params, body, auth }) => {
    const deps = await attendanceDependencies();
    const record = await deps.checks.getManual(params.recordId);
    if (record === undefined) throw new NotFound('补录记录', params.recordId);
    assertReviewerOf(auth, record.areaCode);
    const decided = await deps.checks.decideManual(params.recordId, body.decision === 'CONFIRM' ? 'CONFIRMED' : 'REJECTED', auth.sub, body.reason);
    if (decided === undefined) throw new ManualRecordNotPending(params.recordId);
    if (decided.status === 'CONFIRMED') {
      await deps.events.publish(attendanceRecorded, {
        recordId: decided.recordId,
        classId: decided.classId,
        sessionId: decided.sessionId,
        traineeId: decided.traineeId,
        kind: 'MANUAL',
        method: 'MANUAL',
        at: decided.recordedAt,
      });
    }
    logger.info('manual attendance decided', { recordId: decided.recordId, status: decided.status });
    const { recordId, classId, sessionId, traineeId, reason, status, recordedAt, recordedBy } = decided;
    return { body: { recordId, classId, sessionId, traineeId, reason, status, recordedAt, recordedBy } };
  },
  { logger, idempotencyTable: requireEnv(RESOURCE_ENV.table) },
);
