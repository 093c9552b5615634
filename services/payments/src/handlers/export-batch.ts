import { exportBatchRoute, httpHandler } from '@peixun/shared';
import { exportBatch } from '../app/export-batch';
import { bankFilesApp } from '../bank-files-dependencies';
import { actorOf, logger } from '../dependencies';

/** Exporting again is safe by design (same file, same MsgId), so no Idempotency-Key is needed. */
export const handler = httpHandler(
  exportBatchRoute,
  async ({ params, body, auth }) => {
    const file = await exportBatch(await bankFilesApp(), actorOf(auth), params.batchId, body.format, body.encoding);
    logger.info('payment batch exported', { batchId: params.batchId, format: body.format });
    return { body: { messageId: file.messageId, fileName: file.fileName, downloadUrl: file.url } };
  },
  { logger },
);
