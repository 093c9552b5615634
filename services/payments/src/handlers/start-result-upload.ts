import { httpHandler, startResultUploadRoute } from '@peixun/shared';
import { startResultUpload } from '../app/result-uploads';
import { bankFilesApp } from '../bank-files-dependencies';
import { actorOf, logger } from '../dependencies';

/** A presigned PUT for a bank result file too large for a request (Lambda takes 6 MB). */
export const handler = httpHandler(
  startResultUploadRoute,
  async ({ params, body, auth }) => {
    const upload = await startResultUpload(await bankFilesApp(), actorOf(auth), params.batchId, body);
    logger.info('bank result upload started', { batchId: params.batchId, uploadKey: upload.uploadKey, size: body.size });
    return { body: { uploadKey: upload.uploadKey, url: upload.url, method: 'PUT' as const, headers: upload.headers, expiresAt: upload.expiresAt.toISOString() } };
  },
  { logger },
);
