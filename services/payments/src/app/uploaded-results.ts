import { MAX_RESULT_UPLOAD_BYTES } from '@peixun/shared';
import { resultFileMalformed, resultUploadMissing } from '../domain/errors';
import { batchOf } from './approve-batch';
import { importResults, type ImportReport } from './import-results';
import { UploadTooLarge, type Actor, type BankFilesApp } from './ports';

/**
 * Imports an uploaded result file exactly as a direct import: read whole (streamed in, never
 * beyond the limit), hashed, the same IMPORT#<sha256> sentinel, so the same bytes imported
 * directly, from an upload, or from two uploads change the batch once.
 */
export async function importUploadedResults(app: BankFilesApp, actor: Actor, batchId: string, uploadKey: string): Promise<ImportReport> {
  await batchOf(app, actor, batchId);
  // A key is good only for the batch it was issued for.
  if (!uploadKey.startsWith(`imports/${batchId}/`)) throw resultUploadMissing(uploadKey);
  let bytes: Buffer | undefined;
  try {
    bytes = await app.files.readUpload(uploadKey, MAX_RESULT_UPLOAD_BYTES);
  } catch (error) {
    if (error instanceof UploadTooLarge) throw resultFileMalformed(`文件超过 ${MAX_RESULT_UPLOAD_BYTES / 1024 / 1024} MB 的上限。`);
    throw error;
  }
  if (bytes === undefined) throw resultUploadMissing(uploadKey);
  return importResults(app, actor, batchId, bytes);
}
