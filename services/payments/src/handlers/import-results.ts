import { httpHandler, importResultsRoute } from '@peixun/shared';
import { importResults } from '../app/import-results';
import { actorOf, logger, paymentsApp } from '../dependencies';
import { resultFileMalformed } from '../domain/errors';

/** The body is the bank's file itself; importing the same file again is recognised by its hash. */
export const handler = httpHandler(
  importResultsRoute,
  async ({ params, upload, auth }) => {
    if (upload === undefined || upload.bytes.length === 0) throw resultFileMalformed('请求中没有文件。');
    const report = await importResults(await paymentsApp(), actorOf(auth), params.batchId, upload.bytes);
    logger.info('bank results imported', { batchId: params.batchId, format: report.format, applied: report.applied, exceptions: report.exceptions, again: report.alreadyImported });
    return { body: report };
  },
  { logger },
);
