/**
 * How a file is cut into parts, as data and arithmetic only (no imports), so the command-line
 * uploader can share it without loading the service's error machinery.
 */
export const MIB = 1024 * 1024;
export const GIB = 1024 * MIB;

export interface PartPlan {
  /** Total bytes of the file. */
  readonly size: number;
  /** Bytes of every part except possibly the last, which holds the remainder. */
  readonly partSize: number;
  readonly partCount: number;
}

export interface ByteRange {
  /** Offset of the first byte. */
  readonly start: number;
  readonly length: number;
}

/** Where part `partNumber` (1-based, as in S3) lies in the file. */
export function partByteRange(plan: PartPlan, partNumber: number): ByteRange {
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > plan.partCount) {
    throw new RangeError(`part ${partNumber} is outside 1..${plan.partCount}`);
  }
  const start = (partNumber - 1) * plan.partSize;
  return { start, length: Math.min(plan.partSize, plan.size - start) };
}
