import { describe, expect, it } from 'vitest';
import { classCoverage, sessionCoverage, type SegmentFacts } from '../src/domain/coverage';
import { isRecordingMissing, missingCheckDueAt } from '../src/domain/missing-recording';
import { areaCovers } from '../src/domain/viewing';

const window = { start: '2025-03-03T08:30:00+08:00', end: '2025-03-03T11:30:00+08:00' };
const withSeconds = (time: string): string => (time.length === 5 ? `${time}:00` : time);
const segment = (from: string, to: string, status: SegmentFacts['status'] = 'completed'): SegmentFacts => ({
  status,
  recordedFrom: `2025-03-03T${withSeconds(from)}+08:00`,
  recordedTo: `2025-03-03T${withSeconds(to)}+08:00`,
});

describe('Art. 24 "全程": coverage of a session by its segments', () => {
  it('counts a session as complete when segments cover it, ignoring the short cuts where cameras split files', () => {
    const coverage = sessionCoverage(window, [segment('08:29', '09:59:30'), segment('10:00', '11:31')]);
    expect(coverage.status).toBe('complete');
    expect(coverage.gaps).toEqual([]);
    expect(coverage.ratio).toBeGreaterThan(0.99);
  });

  it('reports a gap in the middle of the session', () => {
    const coverage = sessionCoverage(window, [segment('08:30', '09:30'), segment('10:00', '11:30')]);
    expect(coverage.status).toBe('partial');
    expect(coverage.gaps).toEqual([{ start: '2025-03-03T01:30:00.000Z', end: '2025-03-03T02:00:00.000Z', seconds: 1800 }]);
    expect(coverage.coveredSeconds).toBe(9000);
  });

  it('reports missing minutes at the start and the end, and merges overlapping segments', () => {
    const coverage = sessionCoverage(window, [segment('08:40', '10:00'), segment('09:30', '11:00')]);
    expect(coverage.gaps.map((gap) => gap.seconds)).toEqual([600, 1800]);
    expect(coverage.coveredSeconds).toBe(8400);
  });

  it('counts only completed segments; uploads in progress or refused cover nothing', () => {
    const coverage = sessionCoverage(window, [segment('08:30', '11:30', 'uploading'), segment('08:30', '11:30', 'rejected')]);
    expect(coverage.status).toBe('missing');
    expect(coverage.coveredSeconds).toBe(0);
  });

  it('treats a recording without a declared time span as present but proving no coverage', () => {
    const coverage = sessionCoverage(window, [{ status: 'completed' }]);
    expect(coverage.status).toBe('partial');
    expect(coverage.undatedSegments).toBe(1);
    expect(coverage.gaps).toHaveLength(1);
  });

  it('summarises a class: complete, partial and missing sessions', () => {
    const summary = classCoverage([
      { sessionId: 's1', window, segments: [segment('08:30', '11:30')] },
      { sessionId: 's2', window, segments: [segment('08:30', '09:00')] },
      { sessionId: 's3', window, segments: [] },
    ]);
    expect(summary.counts).toEqual({ complete: 1, partial: 1, missing: 1 });
  });
});

describe('Art. 24 and Issue 5: Recording.Missing after the grace period', () => {
  const base = {
    requirement: { kind: 'VIDEO' } as const,
    sessionEndsAt: '2025-03-03T11:30:00+08:00',
    graceHours: 72,
  };

  it('Art. 24: a session ended longer than the grace period ago without a completed recording is missing', () => {
    expect(isRecordingMissing({ ...base, now: new Date('2025-03-06T12:00:00+08:00'), segmentStatuses: [] })).toBe(true);
  });

  it('is not missing yet within the grace period', () => {
    expect(isRecordingMissing({ ...base, now: new Date('2025-03-06T11:00:00+08:00'), segmentStatuses: [] })).toBe(false);
    expect(missingCheckDueAt(base.sessionEndsAt, 72).toISOString()).toBe('2025-03-06T03:30:00.000Z');
  });

  it('an upload still in progress does not count as a recording', () => {
    expect(isRecordingMissing({ ...base, now: new Date('2025-03-07T00:00:00+08:00'), segmentStatuses: ['uploading', 'rejected'] })).toBe(true);
    expect(isRecordingMissing({ ...base, now: new Date('2025-03-07T00:00:00+08:00'), segmentStatuses: ['completed'] })).toBe(false);
  });

  it('Art. 24: sessions of short courses and apprenticeships are never missing a recording', () => {
    const now = new Date('2025-04-01T00:00:00+08:00');
    expect(isRecordingMissing({ ...base, requirement: { kind: 'NONE', reason: 'SHORT_COURSE' }, now, segmentStatuses: [] })).toBe(false);
    expect(isRecordingMissing({ ...base, requirement: { kind: 'OTHER_EVIDENCE', reason: 'ENTERPRISE_SECRECY' }, now, segmentStatuses: [] })).toBe(false);
  });
});

describe('Issue 5 "Viewing": reviewers of the class area', () => {
  it('lets a province, city or county office see the classes of its own division and below', () => {
    expect(areaCovers('520000', '520102')).toBe(true);
    expect(areaCovers('520100', '520102')).toBe(true);
    expect(areaCovers('520102', '520102')).toBe(true);
    expect(areaCovers('520102', '520103')).toBe(false);
    expect(areaCovers('520200', '520102')).toBe(false);
  });
});
