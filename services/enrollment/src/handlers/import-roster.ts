import { httpHandler, importRosterRoute, now, requireEnv, RESOURCE_ENV } from '@peixun/shared';
import { enrollmentDependencies, logger } from '../dependencies';
import { importClassRoster } from '../use-cases/roster-upload';

export const handler = httpHandler(
  importRosterRoute,
  async ({ params, query, upload, auth }) => {
    const bytes = upload?.bytes ?? Buffer.alloc(0);
    const report = await importClassRoster(await enrollmentDependencies(), params.classId, { bytes, mode: query.mode }, auth, now());
    logger.info('roster imported', { classId: params.classId, outcome: report.outcome, rows: report.totalRows, imported: report.importedRows });
    return { body: report };
  },
  { logger, idempotencyTable: requireEnv(RESOURCE_ENV.table) },
);
