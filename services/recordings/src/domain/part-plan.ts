import { recordingEmpty, recordingPartRangeInvalid, recordingTooLarge } from './errors';
import { GIB, MIB, partByteRange, type PartPlan } from './part-layout';

export { GIB, MIB, partByteRange, type ByteRange, type PartPlan } from './part-layout';

/** S3 multipart limits: https://docs.aws.amazon.com/AmazonS3/latest/userguide/qfacts.html */
export const S3_MIN_PART_BYTES = 5 * MIB;
export const S3_MAX_PART_BYTES = 5 * GIB;
export const S3_MAX_PARTS = 10_000;
export const S3_MAX_OBJECT_BYTES = 5 * 1024 * GIB;

/** Configurable (Issue 5); 20 GiB is a full teaching day of 1080p classroom video with room to spare. */
export const DEFAULT_MAX_RECORDING_BYTES = 20 * GIB;

/**
 * A part is what a dropped rural connection costs us: 8 MiB re-sends in about 7 s at 10 Mbit/s,
 * and even a 20 GiB file needs only 2,560 parts, far below S3's 10,000.
 */
export const DEFAULT_PART_BYTES = 8 * MIB;

/** One request for presigned URLs stays small (and quick to sign) whatever the file size. */
export const MAX_PART_URLS_PER_REQUEST = 100;

export interface PartPlanLimits {
  readonly maxObjectBytes?: number;
  readonly preferredPartBytes?: number;
}

/**
 * Chooses the part size for a file: the preferred size unless that would need more than 10,000
 * parts, in which case the smallest whole number of MiB that fits. Refuses empty and oversize files
 * before anything is created in S3.
 */
export function planParts(size: number, limits: PartPlanLimits = {}): PartPlan {
  const maxObjectBytes = limits.maxObjectBytes ?? DEFAULT_MAX_RECORDING_BYTES;
  const preferred = limits.preferredPartBytes ?? DEFAULT_PART_BYTES;
  if (preferred < S3_MIN_PART_BYTES || preferred > S3_MAX_PART_BYTES) {
    throw new RangeError(`preferredPartBytes ${preferred} is outside S3's part size limits`);
  }
  if (maxObjectBytes > S3_MAX_OBJECT_BYTES) {
    throw new RangeError(`maxObjectBytes ${maxObjectBytes} exceeds S3's object size limit`);
  }
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`size ${size} is not a byte count`);
  if (size === 0) throw recordingEmpty();
  if (size > maxObjectBytes) throw recordingTooLarge(size, maxObjectBytes);

  const smallestFitting = Math.ceil(Math.ceil(size / S3_MAX_PARTS) / MIB) * MIB;
  const partSize = Math.min(Math.max(preferred, smallestFitting), S3_MAX_PART_BYTES);
  return { size, partSize, partCount: Math.ceil(size / partSize) };
}

/** Refuses a request for part URLs outside the plan or larger than one request may ask for. */
export function checkPartRange(plan: PartPlan, from: number, to: number, maxPerRequest = MAX_PART_URLS_PER_REQUEST): void {
  const valid =
    Number.isInteger(from) && Number.isInteger(to) && from >= 1 && to >= from && to <= plan.partCount && to - from < maxPerRequest;
  if (!valid) throw recordingPartRangeInvalid(from, to, plan.partCount, maxPerRequest);
}

export interface StoredPart {
  readonly partNumber: number;
  readonly size: number;
}

export interface PartAudit {
  /** Planned parts S3 does not have yet, ascending. */
  readonly missing: number[];
  /** Parts S3 has with a size other than planned (a client bug or a changed file), ascending. */
  readonly wrongSize: number[];
}

/** Compares what S3 holds with the plan; parts numbered beyond the plan are ignored (never completed). */
export function auditParts(plan: PartPlan, stored: Iterable<StoredPart>): PartAudit {
  const sizes = new Map<number, number>();
  for (const part of stored) sizes.set(part.partNumber, part.size);
  const missing: number[] = [];
  const wrongSize: number[] = [];
  for (let partNumber = 1; partNumber <= plan.partCount; partNumber += 1) {
    const size = sizes.get(partNumber);
    if (size === undefined) missing.push(partNumber);
    else if (size !== partByteRange(plan, partNumber).length) wrongSize.push(partNumber);
  }
  return { missing, wrongSize };
}
