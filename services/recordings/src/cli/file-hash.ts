import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { Interrupted } from './backoff';

const CHUNK = 1024 * 1024;

/**
 * SHA-256 of a file, read a MiB at a time into one reused buffer. The service compares it with
 * the stored bytes, which proves end to end that what arrived is what the school has.
 */
export async function sha256File(path: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(CHUNK);
  const file = await open(path, 'r');
  try {
    for (let position = 0; ; ) {
      if (signal?.aborted === true) throw new Interrupted();
      const { bytesRead } = await file.read(buffer, 0, CHUNK, position);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
      position += bytesRead;
    }
  } finally {
    await file.close();
  }
  return hash.digest('hex');
}
