import { describe, expect, it } from 'vitest';
import { RecordingError } from '../src/domain/errors';
import {
  GIB,
  MIB,
  S3_MAX_PARTS,
  S3_MIN_PART_BYTES,
  auditParts,
  checkPartRange,
  partByteRange,
  planParts,
} from '../src/domain/part-plan';

const codeOf = (action: () => unknown): string | undefined => {
  try {
    action();
  } catch (error) {
    return error instanceof RecordingError ? error.code : `not a RecordingError: ${String(error)}`;
  }
  return undefined;
};

describe('part-size planning (S3 multipart limits)', () => {
  it('cuts a 2 GiB recording into 256 parts of 8 MiB', () => {
    expect(planParts(2 * GIB)).toEqual({ size: 2 * GIB, partSize: 8 * MIB, partCount: 256 });
  });

  it('keeps the largest allowed recording (20 GiB) at 8 MiB parts, well under 10,000 parts', () => {
    const plan = planParts(20 * GIB);
    expect(plan.partSize).toBe(8 * MIB);
    expect(plan.partCount).toBe(2560);
  });

  it('grows the part size in whole MiB when 8 MiB parts would exceed 10,000 parts', () => {
    const plan = planParts(100 * GIB, { maxObjectBytes: 200 * GIB });
    expect(plan.partCount).toBeLessThanOrEqual(S3_MAX_PARTS);
    expect(plan.partSize % MIB).toBe(0);
    expect(plan.partSize).toBe(11 * MIB);
  });

  it('sends a file smaller than one part as a single part', () => {
    expect(planParts(3 * MIB)).toEqual({ size: 3 * MIB, partSize: 8 * MIB, partCount: 1 });
  });

  it('Issue 5: a file over the configured maximum (default 20 GiB) is refused with RECORDING_TOO_LARGE', () => {
    expect(codeOf(() => planParts(20 * GIB + 1))).toBe('RECORDING_TOO_LARGE');
    expect(codeOf(() => planParts(11 * MIB, { maxObjectBytes: 10 * MIB }))).toBe('RECORDING_TOO_LARGE');
  });

  it('refuses an empty file with RECORDING_EMPTY', () => {
    expect(codeOf(() => planParts(0))).toBe('RECORDING_EMPTY');
  });

  it('rejects a configured part size outside S3 limits as a programming error', () => {
    expect(() => planParts(GIB, { preferredPartBytes: S3_MIN_PART_BYTES - 1 })).toThrow(RangeError);
  });

  it('locates parts in the file; the last part holds the remainder', () => {
    const plan = planParts(20 * MIB + 5, { preferredPartBytes: 8 * MIB });
    expect(plan.partCount).toBe(3);
    expect(partByteRange(plan, 1)).toEqual({ start: 0, length: 8 * MIB });
    expect(partByteRange(plan, 3)).toEqual({ start: 16 * MIB, length: 4 * MIB + 5 });
    expect(() => partByteRange(plan, 4)).toThrow(RangeError);
  });

  it('limits one request for part URLs to 100 parts inside the plan', () => {
    const plan = planParts(2 * GIB);
    expect(() => checkPartRange(plan, 1, 100)).not.toThrow();
    expect(codeOf(() => checkPartRange(plan, 1, 101))).toBe('RECORDING_PART_RANGE_INVALID');
    expect(codeOf(() => checkPartRange(plan, 250, 257))).toBe('RECORDING_PART_RANGE_INVALID');
    expect(codeOf(() => checkPartRange(plan, 5, 4))).toBe('RECORDING_PART_RANGE_INVALID');
  });

  it('audits the parts S3 holds: missing ones, and ones of the wrong size', () => {
    const plan = planParts(20 * MIB, { preferredPartBytes: 5 * MIB });
    const audit = auditParts(plan, [
      { partNumber: 1, size: 5 * MIB },
      { partNumber: 2, size: 4 * MIB },
      { partNumber: 4, size: 5 * MIB },
      { partNumber: 9, size: 5 * MIB },
    ]);
    expect(audit).toEqual({ missing: [3], wrongSize: [2] });
  });
});
