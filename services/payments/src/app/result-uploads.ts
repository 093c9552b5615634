import { randomBytes } from 'node:crypto';
import { MAX_RESULT_UPLOAD_BYTES } from '@peixun/shared';
import { BATCH_STATUS_LABELS } from '../domain/batch';
import { batchState, resultFileMalformed, resultUploadMissing } from '../domain/errors';
import { batchOf } from './approve-batch';
import { importResults, type ImportReport } from './import-results';
import { UploadTooLarge, type Actor, type PaymentsApp } from './ports';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** `imports/<batchId>/<26 random characters>`: a fresh key per upload (a bucket under Object Lock never overwrites one). */
const uploadKeyOf = (batchId: string): string => `imports/${batchId}/${[...randomBytes(26)].map((byte) => ALPHABET[byte % 36]).join('')}`;

export interface ResultUpload {
  readonly uploadKey: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly expiresAt: Date;
}

/**
 * A bank result file above Lambda's 6 MB request limit goes straight to the bucket: the caller
 * states its size and SHA-256, which the presigned PUT signs, so S3 takes exactly those bytes.
 * Only for a batch whose results can be imported, by finance of its area.
 */
export async function startResultUpload(app: PaymentsApp, actor: Actor, batchId: string, file: { size: number; sha256: string }): Promise<ResultUpload> {
  const batch = await batchOf(app, actor, batchId);
  if (batch.status !== 'EXPORTED' && batch.status !== 'RECONCILED') throw batchState(BATCH_STATUS_LABELS[batch.status], '上传银行回单');
  const uploadKey = uploadKeyOf(batchId);
  return { uploadKey, ...(await app.files.uploadUrl(uploadKey, file.size, file.sha256)) };
}

/**
 * Imports an uploaded result file exactly as a direct import: read whole (streamed in, never
 * beyond the limit), hashed, the same IMPORT#<sha256> sentinel, so the same bytes imported
 * directly, from an upload, or from two uploads change the batch once.
 */
export async function importUploadedResults(app: PaymentsApp, actor: Actor, batchId: string, uploadKey: string): Promise<ImportReport> {
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
