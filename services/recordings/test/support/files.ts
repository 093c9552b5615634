import { randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';

/** An `ftyp` box of an ordinary MP4 from a phone or camera. */
export const MP4_HEADER = Buffer.from([
  0x00, 0x00, 0x00, 0x18, ...Buffer.from('ftypisom'), 0x00, 0x00, 0x02, 0x00, ...Buffer.from('isomiso2'),
]);

/**
 * Writes `size` bytes: `header` first, random bytes after (so no two parts are alike), a MiB at
 * a time so even large fixtures never sit in memory whole.
 */
export async function writeFixture(path: string, size: number, header: Buffer = MP4_HEADER): Promise<void> {
  const handle = await open(path, 'w');
  try {
    let written = 0;
    while (written < size) {
      const chunk = randomBytes(Math.min(1024 * 1024, size - written));
      if (written === 0) header.copy(chunk, 0, 0, Math.min(header.length, chunk.length));
      await handle.write(chunk, 0, chunk.length, written);
      written += chunk.length;
    }
  } finally {
    await handle.close();
  }
}
