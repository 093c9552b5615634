/** Class.Completed: the class's attendance rates go to subsidy as Attendance.Summarized. */
import { attendanceSummarized, classCompleted, eventHandler, on, outboxItem, requireEnv, RESOURCE_ENV, now } from '@peixun/shared';
import { classAttendance, completionPercentOf } from '../app/attendance-summary';
import { attendanceDependencies, logger } from '../dependencies';

export const handler = eventHandler(
  [
    on(classCompleted, async ({ detail }) => {
      const deps = await attendanceDependencies();
      await deps.projection.setClassStatus(detail.classId, detail.classVersion, 'COMPLETED', { institutionId: detail.institutionId, approvingAreaCode: detail.approvingAreaCode });
      const thresholdPercent = completionPercentOf(await deps.projection.getClass(detail.classId), deps);
      const trainees = await classAttendance(deps, detail.classId, detail.rosterTraineeIds, thresholdPercent);
      // The summary is computed, not stored (the status above mirrors enrollment's): no change of ours to join, so the item is written alone.
      const summarized = outboxItem(attendanceSummarized, {
        classId: detail.classId,
        classVersion: detail.classVersion,
        institutionId: detail.institutionId,
        approvingAreaCode: detail.approvingAreaCode,
        thresholdPercent,
        trainees,
        summarizedAt: now().toISOString(),
      });
      await deps.outbox.put(summarized);
      logger.info('class attendance summarized', { classId: detail.classId, trainees: trainees.length });
    }),
  ],
  { logger, idempotency: { table: requireEnv(RESOURCE_ENV.table), consumer: 'attendance-summary' } },
);
