/**
 * Rekognition's exceptions in our terms. Only what a person or a retry can fix is translated;
 * anything else (missing collection, denied permission, our own bad parameters) is a deployment
 * or code bug and is rethrown untouched, so it surfaces as a 500 and an alarm.
 */
import { FaceEngineBusy, FaceImageRejected, type FaceImageProblemCode } from '../face-errors';

const ENGINE = 'rekognition';

/** Throughput limits and transient service failures: retry after a pause (the SDK already retried). */
const RETRYABLE = new Set(['ProvisionedThroughputExceededException', 'ThrottlingException', 'InternalServerError']);

/**
 * `operationTakesFace`: for IndexFaces and SearchFacesByImage, InvalidParameterException is how
 * Rekognition says "there are no faces in the image". Our own DetectFaces gate ran first, so in
 * practice this is Rekognition's search detector disagreeing about a marginal face; for other
 * operations it is a programming error and is rethrown.
 */
export function translateRekognitionError(error: unknown, operationTakesFace: boolean): unknown {
  const name = error instanceof Error ? error.name : undefined;
  if (name === undefined) return error;
  if (RETRYABLE.has(name)) return new FaceEngineBusy(ENGINE, error);
  if (name === 'InvalidParameterException' && operationTakesFace) {
    return new FaceImageRejected('FACE_NOT_FOUND', { engine: ENGINE, reason: error instanceof Error ? error.message : '' });
  }
  if (name === 'ImageTooLargeException') return new FaceImageRejected('IMAGE_TOO_LARGE', { engine: ENGINE });
  if (name === 'InvalidImageFormatException') return new FaceImageRejected('IMAGE_UNSUPPORTED', { engine: ENGINE });
  return error;
}

/** Why IndexFaces left a face out (`UnindexedFaces[].Reasons`), as our codes, most actionable first. */
const UNINDEXED_REASONS: ReadonlyArray<[string, FaceImageProblemCode]> = [
  ['EXCEEDS_MAX_FACES', 'FACE_MULTIPLE'],
  ['SMALL_BOUNDING_BOX', 'FACE_TOO_SMALL'],
  ['EXTREME_POSE', 'FACE_POSE'],
  ['LOW_SHARPNESS', 'FACE_BLURRED'],
  ['LOW_BRIGHTNESS', 'FACE_LOW_QUALITY'],
  ['LOW_CONFIDENCE', 'FACE_LOW_QUALITY'],
  ['LOW_FACE_QUALITY', 'FACE_LOW_QUALITY'],
];

export function unindexedFaceProblem(reasons: readonly string[]): FaceImageProblemCode {
  for (const [reason, code] of UNINDEXED_REASONS) if (reasons.includes(reason)) return code;
  return 'FACE_LOW_QUALITY';
}
