import { httpHandler, importUploadedResultsRoute } from '@peixun/shared';
import { importUploadedResults } from '../app/uploaded-results';
import { bankFilesApp } from '../bank-files-dependencies';
import { actorOf, logger } from '../dependencies';

/** Imports a result file uploaded to the bucket; the same file again is recognised by its hash, as in a direct import. */
export const handler = httpHandler(
  importUploadedResultsRoute,
  async ({ params, body, auth }) => {
    const report = await importUploadedResults(await bankFilesApp(), actorOf(auth), params.batchId, body.uploadKey);
    logger.info('uploaded bank results imported', { batchId: params.batchId, uploadKey: body.uploadKey, format: report.format, applied: report.applied, exceptions: report.exceptions, again: report.alreadyImported });
    return { body: report };
  },
  { logger },
);
