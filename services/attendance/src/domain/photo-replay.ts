/**
 * Photo replay: a trainee's check photo that is the same picture as one they already checked with
 * (any session), sent again as it was or re-encoded, resized, brightened or mirrored. Pure rules
 * on 64-bit perceptual hashes (hex); computing them is `app/photo-fingerprint.ts`.
 */

/** One accepted check photo of a trainee, kept in their history. */
export interface PhotoHashEntry {
  /** 64-bit perceptual hash, 16 hex digits. */
  readonly hash: string;
  readonly sessionId: string;
  readonly kind: 'CHECK_IN' | 'CHECK_OUT';
  readonly recordId: string;
  readonly at: string;
}

/** The fingerprints of one new photo: its own hash and the hash of its mirror image. */
export interface PhotoFingerprint {
  readonly sha256: string;
  readonly hash: string;
  readonly mirroredHash: string;
}

export interface PhotoReplayPolicy {
  /** A photo within fewer than this many differing bits of an earlier one is the same picture. */
  readonly maxDistance: number;
  /** Accepted photos kept per trainee, newest first (older ones are still caught when byte-identical). */
  readonly historySize: number;
}

export const DEFAULT_PHOTO_REPLAY_POLICY: PhotoReplayPolicy = { maxDistance: 5, historySize: 120 };

/** Number of differing bits between two 64-bit hashes in hex. */
export function hammingDistance(a: string, b: string): number {
  let diff = BigInt(`0x${a}`) ^ BigInt(`0x${b}`);
  let bits = 0;
  while (diff > 0n) {
    bits += Number(diff & 1n);
    diff >>= 1n;
  }
  return bits;
}

/**
 * The earliest-found entry of the history the photo repeats (itself or mirrored), or undefined.
 * A mirror is compared too because flipping is the cheapest way to disguise a copy.
 */
export function findReplay(photo: PhotoFingerprint, history: readonly PhotoHashEntry[], policy: PhotoReplayPolicy): PhotoHashEntry | undefined {
  return history.find((entry) => Math.min(hammingDistance(photo.hash, entry.hash), hammingDistance(photo.mirroredHash, entry.hash)) < policy.maxDistance);
}

/** The history with the new entry first, cut to the policy's size. */
export function withEntry(history: readonly PhotoHashEntry[], entry: PhotoHashEntry, policy: PhotoReplayPolicy): PhotoHashEntry[] {
  return [entry, ...history].slice(0, policy.historySize);
}
