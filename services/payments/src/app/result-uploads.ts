import { randomBytes } from 'node:crypto';
import { BATCH_STATUS_LABELS } from '../domain/batch';
import { batchState } from '../domain/errors';
import { batchOf } from './approve-batch';
import type { Actor, BankFilesApp } from './ports';

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
export async function startResultUpload(app: BankFilesApp, actor: Actor, batchId: string, file: { size: number; sha256: string }): Promise<ResultUpload> {
  const batch = await batchOf(app, actor, batchId);
  if (batch.status !== 'EXPORTED' && batch.status !== 'RECONCILED') throw batchState(BATCH_STATUS_LABELS[batch.status], '上传银行回单');
  const uploadKey = uploadKeyOf(batchId);
  return { uploadKey, ...(await app.files.uploadUrl(uploadKey, file.size, file.sha256)) };
}
