/**
 * Turns uploaded bytes into pixels the face engines can analyse, or refuses them with a typed
 * error. Whatever arrives from a phone or kiosk goes through here first, so no malformed upload
 * can reach a decoder or a model unchecked (bad bytes are a 400, never a 500).
 */
import { FaceImageRejected } from './face-errors';
import { loadSharp } from './sharp';

export type ImageFormat = 'jpeg' | 'png';

export interface ImageLimits {
  /** Upload size; Rekognition's own limit for image bytes is 5 MB, so both engines accept the same photos. */
  readonly maxBytes: number;
  /** Decompression-bomb guard: a small PNG can declare a gigantic canvas. */
  readonly maxPixels: number;
  /**
   * Photos are scaled down so their longer side is at most this many pixels before analysis.
   * Phone photos are 12+ MP; the detector works on 256 px and the descriptor on a 224 px crop,
   * so more pixels only cost latency. Face-size limits are measured in this analysed image.
   */
  readonly analysisMaxSide: number;
}

export const DEFAULT_IMAGE_LIMITS: ImageLimits = {
  maxBytes: 5 * 1024 * 1024,
  maxPixels: 40_000_000,
  analysisMaxSide: 1024,
};

/** Defaults overlaid with the overrides that are set. */
export function resolveImageLimits(overrides: Partial<ImageLimits> = {}): ImageLimits {
  return {
    maxBytes: overrides.maxBytes ?? DEFAULT_IMAGE_LIMITS.maxBytes,
    maxPixels: overrides.maxPixels ?? DEFAULT_IMAGE_LIMITS.maxPixels,
    analysisMaxSide: overrides.analysisMaxSide ?? DEFAULT_IMAGE_LIMITS.analysisMaxSide,
  };
}

/** An upright (EXIF orientation applied) sRGB image, packed RGB, 3 bytes per pixel, row by row. */
export interface DecodedImage {
  readonly format: ImageFormat;
  readonly width: number;
  readonly height: number;
  readonly rgb: Uint8Array;
}

const JPEG_MAGIC = [0xff, 0xd8, 0xff];
const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The format by magic bytes; a file name or a Content-Type header is whatever the client claims. */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | undefined {
  if (startsWith(bytes, JPEG_MAGIC)) return 'jpeg';
  if (startsWith(bytes, PNG_MAGIC)) return 'png';
  return undefined;
}

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return bytes.length >= magic.length && magic.every((byte, index) => bytes[index] === byte);
}

/** Checks size and format before decoding, so oversized or foreign files never reach libvips. */
export function checkUpload(bytes: Uint8Array, limits: ImageLimits = DEFAULT_IMAGE_LIMITS): ImageFormat {
  if (bytes.length > limits.maxBytes) {
    throw new FaceImageRejected('IMAGE_TOO_LARGE', { bytes: bytes.length, maxBytes: limits.maxBytes });
  }
  const format = sniffImageFormat(bytes);
  if (format === undefined) throw new FaceImageRejected('IMAGE_UNSUPPORTED', { bytes: bytes.length });
  return format;
}

export async function decodeImage(bytes: Uint8Array, limits: ImageLimits = DEFAULT_IMAGE_LIMITS): Promise<DecodedImage> {
  const format = checkUpload(bytes, limits);
  const sharp = await loadSharp();
  try {
    const { data, info } = await sharp(bytes, {
      // 'error' also rejects truncated files; libjpeg's mere warnings (common in phone JPEGs) pass.
      failOn: 'error',
      limitInputPixels: limits.maxPixels,
    })
      .rotate() // phones store portrait shots as landscape pixels plus an EXIF orientation
      .resize({
        width: limits.analysisMaxSide,
        height: limits.analysisMaxSide,
        fit: 'inside',
        withoutEnlargement: true,
      })
      .flatten({ background: '#ffffff' }) // transparent PNG areas become white, not black
      .toColourspace('srgb') // greyscale photos still yield three channels
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`expected 3 channels, got ${info.channels}`);
    return { format, width: info.width, height: info.height, rgb: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  } catch (error) {
    if (error instanceof FaceImageRejected) throw error;
    if (error instanceof Error && /pixel limit/i.test(error.message)) {
      throw new FaceImageRejected('IMAGE_TOO_LARGE', { reason: 'pixels', maxPixels: limits.maxPixels });
    }
    // libvips reports corrupt, truncated and nonsensical files in many wordings; all mean "retake".
    throw new FaceImageRejected('IMAGE_UNREADABLE', { format, reason: error instanceof Error ? error.message : String(error) });
  }
}

/** Re-encodes the analysed image, so a remote engine sees exactly the pixels our quality gates measured. */
export async function encodeJpeg(image: DecodedImage, quality = 92): Promise<Uint8Array> {
  const sharp = await loadSharp();
  const buffer = await sharp(image.rgb, { raw: { width: image.width, height: image.height, channels: 3 } })
    .jpeg({ quality, mozjpeg: false })
    .toBuffer();
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** Luma of a rectangle, resampled to `size`×`size`, for measurements that must not depend on resolution. */
export async function greyCrop(
  image: DecodedImage,
  region: { left: number; top: number; width: number; height: number },
  size: number,
): Promise<Uint8Array> {
  const left = clamp(Math.round(region.left), 0, image.width - 1);
  const top = clamp(Math.round(region.top), 0, image.height - 1);
  const width = clamp(Math.round(region.width), 1, image.width - left);
  const height = clamp(Math.round(region.height), 1, image.height - top);
  const sharp = await loadSharp();
  const buffer = await sharp(image.rgb, { raw: { width: image.width, height: image.height, channels: 3 } })
    .extract({ left, top, width, height })
    .resize(size, size, { fit: 'fill' })
    .greyscale()
    .raw()
    .toBuffer();
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}
