import { attendanceRecorded, confirmManualAttendanceRoute, httpHandler, NotFound, outboxItem, requireEnv, RESOURCE_ENV } from '@peixun/shared';
import { attendanceDependencies, logger } from '../dependencies';
import { ManualRecordNotPending } from '../domain/errors';

export const handler = httpHandler(
  confirmManualAttendanceRoute,
  async ({ params, body, auth, assertAccess }) => {
    const deps = await attendanceDependencies();
    const record = await deps.checks.getManual(params.recordId);
    if (record === undefined) throw new NotFound('补录记录', params.recordId);
    assertAccess({ areaCode: record.areaCode }, '只能处理本辖区的记录。');
    const decision = body.decision === 'CONFIRM' ? 'CONFIRMED' : 'REJECTED';
    // Only a confirmed record counts as attendance; a rejection announces nothing.
    const events =
      decision === 'CONFIRMED'
        ? [
            outboxItem(attendanceRecorded, {
              recordId: record.recordId,
              classId: record.classId,
              sessionId: record.sessionId,
              traineeId: record.traineeId,
              kind: 'MANUAL',
              method: 'MANUAL',
              at: record.recordedAt,
            }),
          ]
        : [];
    const decided = await deps.checks.decideManual(record, decision, auth.sub, body.reason, events);
    if (decided === undefined) throw new ManualRecordNotPending(params.recordId);
    logger.info('manual attendance decided', { recordId: decided.recordId, status: decided.status });
    const { recordId, classId, sessionId, traineeId, reason, status, recordedAt, recordedBy } = decided;
    return { body: { recordId, classId, sessionId, traineeId, reason, status, recordedAt, recordedBy } };
  },
  { logger, idempotencyTable: requireEnv(RESOURCE_ENV.table) },
);
