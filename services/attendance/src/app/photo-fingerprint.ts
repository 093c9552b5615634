/**
 * Fingerprints of a check photo for replay detection: SHA-256 of the bytes (exact copies, kept
 * forever per trainee) and a 64-bit perceptual hash (pHash: DCT of the 32×32 greyscale image,
 * `sharp-phash`) of the photo and of its mirror image (near copies: re-encoded, resized, flipped).
 * The photo has passed the face engine's decoding gates before this runs.
 */
import { createHash } from 'node:crypto';
import type { PhotoFingerprint } from '../domain/photo-replay';
import { loadSharp } from '../face/sharp';

/** Grey pixels handed to the hash; the library scales them to its 32×32 DCT input. */
const SIDE = 128;
const RAW = { raw: { width: SIDE, height: SIDE, channels: 1 } } as const;

export async function photoFingerprint(photo: Uint8Array): Promise<PhotoFingerprint> {
  // sharp-phash loads sharp when imported: both wait for the first photo (../face/sharp.ts).
  const [sharp, { default: phash }] = await Promise.all([loadSharp(), import('sharp-phash')]);
  // Upright first (EXIF orientation), so a copy saved without the orientation tag hashes alike.
  const upright = await sharp(photo).rotate().greyscale().resize(SIDE, SIDE, { fit: 'fill' }).raw().toBuffer();
  const mirrored = mirror(upright);
  const [hash, mirroredHash] = await Promise.all([phash(upright, RAW), phash(mirrored, RAW)]);
  return { sha256: createHash('sha256').update(photo).digest('hex'), hash: bitsToHex(hash), mirroredHash: bitsToHex(mirroredHash) };
}

/** Each row reversed (done here: sharp's flop on single-channel raw input did not mirror, measured). */
function mirror(grey: Buffer): Buffer {
  const out = Buffer.alloc(grey.length);
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) out[y * SIDE + x] = grey[y * SIDE + SIDE - 1 - x] ?? 0;
  }
  return out;
}

/** sharp-phash answers 64 characters '0'/'1'; stored as 16 hex digits. */
function bitsToHex(bits: string): string {
  return BigInt(`0b${bits}`).toString(16).padStart(16, '0');
}
