/**
 * The engine-independent rules: what counts as an image, how the quality gates choose the one
 * usable face, and how scores become matches. No models are loaded here.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { FaceImageRejected, type FaceImageProblemCode } from '../src/face/face-errors';
import { checkUpload, decodeImage, sniffImageFormat, type DecodedImage } from '../src/face/image';
import { assertSubjectId, rankMatches, resolveThreshold } from '../src/face/matching';
import { assertRoomForFace, assessFaceQuality, DEFAULT_QUALITY_POLICY, type DetectedFace } from '../src/face/quality';
import { laplacianVariance } from '../src/face/sharpness';
import { asPng, oversized, photo, textNamedJpg, truncated } from './support/face-fixtures';

async function rejection(promise: Promise<unknown>): Promise<FaceImageRejected> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof FaceImageRejected)) throw new Error(`expected FaceImageRejected, got ${String(error)}`);
  return error;
}

async function expectCode(promise: Promise<unknown>, code: FaceImageProblemCode, status: number): Promise<void> {
  const error = await rejection(promise);
  expect(error.code).toBe(code);
  expect(error.status).toBe(status);
  expect(error.detail).toMatch(/[\u4e00-\u9fff]/); // the person is told in Chinese what to do
}

describe('image intake', () => {
  it('recognises JPEG and PNG by their magic bytes, whatever the file is called', async () => {
    expect(sniffImageFormat(photo('franck_02159.jpg'))).toBe('jpeg');
    expect(sniffImageFormat(await asPng('franck_02159.jpg'))).toBe('png');
  });

  it('refuses a text file named .jpg as IMAGE_UNSUPPORTED (400)', async () => {
    await expectCode(decodeImage(textNamedJpg()), 'IMAGE_UNSUPPORTED', 400);
  });

  it('refuses GIF and WebP: only JPEG and PNG are accepted', async () => {
    const gif = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#888' } }).gif().toBuffer();
    const webp = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#888' } }).webp().toBuffer();
    expect(() => checkUpload(new Uint8Array(gif))).toThrow(FaceImageRejected);
    expect(() => checkUpload(new Uint8Array(webp))).toThrow(FaceImageRejected);
  });

  it('refuses uploads above 5 MB as IMAGE_TOO_LARGE (413) before decoding them', async () => {
    await expectCode(decodeImage(oversized('franck_02159.jpg')), 'IMAGE_TOO_LARGE', 413);
  });

  it('refuses a PNG whose canvas exceeds the pixel limit (decompression bomb) as IMAGE_TOO_LARGE', async () => {
    const big = await sharp({ create: { width: 1200, height: 1000, channels: 3, background: '#fff' } }).png().toBuffer();
    await expectCode(
      decodeImage(new Uint8Array(big), { maxBytes: 5 * 1024 * 1024, maxPixels: 1_000_000, analysisMaxSide: 1024 }),
      'IMAGE_TOO_LARGE',
      413,
    );
  });

  it('refuses a truncated JPEG as IMAGE_UNREADABLE (400), never as a crash', async () => {
    await expectCode(decodeImage(truncated('franck_02159.jpg')), 'IMAGE_UNREADABLE', 400);
  });

  it('refuses JPEG magic followed by garbage as IMAGE_UNREADABLE (400)', async () => {
    const garbage = new Uint8Array(2048).map((_, index) => (index * 7919) % 251);
    garbage.set([0xff, 0xd8, 0xff, 0xe0]);
    await expectCode(decodeImage(garbage), 'IMAGE_UNREADABLE', 400);
  });

  it('scales large photos down to the analysis size and keeps three channels', async () => {
    const big = await sharp({ create: { width: 3000, height: 2000, channels: 4, background: { r: 1, g: 2, b: 3, alpha: 0.5 } } })
      .png()
      .toBuffer();
    const image = await decodeImage(new Uint8Array(big));
    expect([image.width, image.height]).toEqual([1024, 683]);
    expect(image.rgb.length).toBe(1024 * 683 * 3);
  });

  it('applies the EXIF orientation of phone photos, so faces are upright', async () => {
    const sideways = await sharp({ create: { width: 40, height: 20, channels: 3, background: '#888' } })
      .jpeg()
      .withMetadata({ orientation: 6 }) // stored landscape, shown rotated 90°
      .toBuffer();
    const image = await decodeImage(new Uint8Array(sideways));
    expect([image.width, image.height]).toEqual([20, 40]);
  });
});

describe('sharpness (variance of the Laplacian)', () => {
  it('is zero on a flat image and large on sharp edges', () => {
    const size = 32;
    const flat = new Uint8Array(size * size).fill(128);
    const checker = new Uint8Array(size * size).map((_, index) => ((index % size) + Math.floor(index / size)) % 2 === 0 ? 0 : 255);
    expect(laplacianVariance(flat, size, size)).toBe(0);
    expect(laplacianVariance(checker, size, size)).toBeGreaterThan(100_000);
  });
});

describe('quality gates', () => {
  // A textured grey image so the sharpness gate has something to measure.
  const width = 400;
  const height = 300;
  const image: DecodedImage = {
    format: 'jpeg',
    width,
    height,
    rgb: new Uint8Array(width * height * 3).map((_, index) => (Math.floor(index / 3) % 7) * 36),
  };
  const face = (left: number, size: number, overrides: Partial<DetectedFace> = {}): DetectedFace => ({
    box: { left, top: 20, width: size, height: size },
    confidence: 0.95,
    pose: { yaw: 0, pitch: 0, roll: 0 },
    ...overrides,
  });

  it('accepts exactly one recognisable face and reports what it measured', async () => {
    const { quality } = await assessFaceQuality(image, [face(50, 200)]);
    expect(quality.facesDetected).toBe(1);
    expect(quality.sharpness).toBeGreaterThan(DEFAULT_QUALITY_POLICY.minSharpness);
  });

  it('FACE_NOT_FOUND when no detection reaches the confidence floor', async () => {
    await expectCode(assessFaceQuality(image, []), 'FACE_NOT_FOUND', 422);
    await expectCode(assessFaceQuality(image, [face(50, 200, { confidence: 0.2 })]), 'FACE_NOT_FOUND', 422);
  });

  it('FACE_MULTIPLE when two faces are large enough to be recognised', async () => {
    await expectCode(assessFaceQuality(image, [face(10, 150), face(200, 150)]), 'FACE_MULTIPLE', 422);
  });

  it('a small face in the background (a queue behind the kiosk) does not count as a second face', async () => {
    const { face: chosen } = await assessFaceQuality(image, [face(10, 200), face(300, 40)]);
    expect(chosen.box.left).toBe(10);
  });

  it('FACE_TOO_SMALL when the only face is below the minimum size', async () => {
    await expectCode(assessFaceQuality(image, [face(10, 60)]), 'FACE_TOO_SMALL', 422);
  });

  it('issue 14: an image narrower than the minimum face size is FACE_TOO_SMALL before any detection runs', async () => {
    const narrow: DecodedImage = { ...image, width: DEFAULT_QUALITY_POLICY.minFaceSize - 1 };
    await expectCode(Promise.resolve().then(() => assertRoomForFace(narrow)), 'FACE_TOO_SMALL', 422);
    expect(() => assertRoomForFace({ ...image, height: DEFAULT_QUALITY_POLICY.minFaceSize })).not.toThrow();
  });

  it('FACE_POSE when yaw, pitch or roll exceed the configured limits', async () => {
    await expectCode(assessFaceQuality(image, [face(10, 200, { pose: { yaw: 40, pitch: 0, roll: 0 } })]), 'FACE_POSE', 422);
    await expectCode(assessFaceQuality(image, [face(10, 200, { pose: { yaw: 0, pitch: -30, roll: 0 } })]), 'FACE_POSE', 422);
    const strict = { ...DEFAULT_QUALITY_POLICY, maxRoll: 5 };
    await expectCode(assessFaceQuality(image, [face(10, 200, { pose: { yaw: 0, pitch: 0, roll: 8 } })], strict), 'FACE_POSE', 422);
  });

  it('FACE_BLURRED when the face region has no edges', async () => {
    const flat: DecodedImage = { ...image, rgb: new Uint8Array(width * height * 3).fill(90) };
    await expectCode(assessFaceQuality(flat, [face(10, 200)]), 'FACE_BLURRED', 422);
  });
});

describe('matching rules', () => {
  const scored = [
    { subjectId: 'a', templateId: 'a1', similarity: 70 },
    { subjectId: 'a', templateId: 'a2', similarity: 90 },
    { subjectId: 'b', templateId: 'b1', similarity: 80 },
    { subjectId: 'c', templateId: 'c1', similarity: 40 },
  ];

  it('keeps each subject once, with its best template, best first, at or above the threshold', () => {
    expect(rankMatches(scored, { threshold: 50 })).toEqual([
      { subjectId: 'a', templateId: 'a2', similarity: 90 },
      { subjectId: 'b', templateId: 'b1', similarity: 80 },
    ]);
  });

  it('1:N among a roster ignores everyone outside the candidates, and excluded subjects', () => {
    expect(rankMatches(scored, { threshold: 50, candidates: ['b', 'c'] }).map((match) => match.subjectId)).toEqual(['b']);
    expect(rankMatches(scored, { threshold: 50, exclude: ['a'] }).map((match) => match.subjectId)).toEqual(['b']);
  });

  it('thresholds are on the 0–100 scale: anything outside is a configuration error, not a user error', () => {
    expect(resolveThreshold(undefined, 99)).toBe(99);
    expect(resolveThreshold(80, 99)).toBe(80);
    expect(() => resolveThreshold(101, 99)).toThrow(RangeError);
    expect(() => resolveThreshold(Number.NaN, 99)).toThrow(RangeError);
  });

  it('subject ids must be usable as a Rekognition ExternalImageId', () => {
    expect(() => assertSubjectId('trainee_01HZX:abc-1.2')).not.toThrow();
    expect(() => assertSubjectId('学员 1')).toThrow(RangeError);
    expect(() => assertSubjectId('')).toThrow(RangeError);
  });
});
