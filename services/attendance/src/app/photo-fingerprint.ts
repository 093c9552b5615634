/**
 * Fingerprints of a check photo for replay detection: SHA-256 of the bytes (exact copies, kept
 * forever per trainee) and a 64-bit perceptual hash (pHash: DCT of the 32×32 greyscale image,
 * `../domain/perceptual-hash.ts`) of the photo and of its mirror image (near copies: re-encoded,
 * resized, flipped).
 * The photo has passed the face engine's decoding gates before this runs.
 */
import { createHash } from 'node:crypto';
import { PHASH_SAMPLE_SIDE, perceptualHash } from '../domain/perceptual-hash';
import type { PhotoFingerprint } from '../domain/photo-replay';
import { loadSharp } from '../face/sharp';

/** Grey pixels the photo is first reduced to, then scaled to the hash's 32×32 (as `sharp-phash` did, so stored hashes still compare). */
const SIDE = 128;
const RAW = { raw: { width: SIDE, height: SIDE, channels: 1 } } as const;

export async function photoFingerprint(photo: Uint8Array): Promise<PhotoFingerprint> {
  const sharp = await loadSharp();
  // Upright first (EXIF orientation), so a copy saved without the orientation tag hashes alike.
  const upright = await sharp(photo).rotate().greyscale().resize(SIDE, SIDE, { fit: 'fill' }).raw().toBuffer();
  const sample = async (grey: Buffer): Promise<Uint8Array> =>
    sharp(grey, RAW).greyscale().resize(PHASH_SAMPLE_SIDE, PHASH_SAMPLE_SIDE, { fit: 'fill' }).rotate().raw().toBuffer();
  const [upright32, mirrored32] = await Promise.all([sample(upright), sample(mirror(upright))]);
  return { sha256: createHash('sha256').update(photo).digest('hex'), hash: perceptualHash(upright32), mirroredHash: perceptualHash(mirrored32) };
}

/** Each row reversed (done here: sharp's flop on single-channel raw input did not mirror, measured). */
function mirror(grey: Buffer): Buffer {
  const out = Buffer.alloc(grey.length);
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) out[y * SIDE + x] = grey[y * SIDE + SIDE - 1 - x] ?? 0;
  }
  return out;
}
