import type { UploadStatus } from './upload-state';

/**
 * How well a session's completed recordings cover its scheduled window (Issue 5, Art. 24 "全程").
 * Segments may overlap or arrive in any order; only what falls inside the window counts.
 */

export interface TimeWindow {
  /** ISO-8601 with offset. */
  readonly start: string;
  readonly end: string;
}

export interface SegmentFacts {
  readonly status: UploadStatus;
  /** The time span the recording shows, as declared at upload; absent when unknown. */
  readonly recordedFrom?: string | undefined;
  readonly recordedTo?: string | undefined;
  /** A recording replaced through an approved replacement no longer counts: its replacement does. */
  readonly replaced?: unknown;
}

export interface Gap {
  readonly start: string;
  readonly end: string;
  readonly seconds: number;
}

export type CoverageStatus = 'complete' | 'partial' | 'missing';

export interface SessionCoverage {
  readonly status: CoverageStatus;
  readonly windowSeconds: number;
  readonly coveredSeconds: number;
  /** 0..1, rounded to three decimals. */
  readonly ratio: number;
  readonly gaps: readonly Gap[];
  readonly completedSegments: number;
  /** Completed recordings without a declared time span: they exist, but prove no coverage. */
  readonly undatedSegments: number;
}

export interface CoverageOptions {
  /**
   * Gaps shorter than this are not reported: cameras split files every few minutes and lose a
   * second or two at each cut. Default 60 s.
   */
  readonly toleranceSeconds?: number;
}

export const DEFAULT_GAP_TOLERANCE_SECONDS = 60;

interface Interval {
  start: number;
  end: number;
}

const toMs = (iso: string): number => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO-8601 time: ${iso}`);
  return ms;
};

/** Sorted, non-overlapping intervals clipped to the window. */
function mergeWithin(window: Interval, intervals: readonly Interval[]): Interval[] {
  const clipped = intervals
    .map((interval) => ({ start: Math.max(interval.start, window.start), end: Math.min(interval.end, window.end) }))
    .filter((interval) => interval.end > interval.start)
    .sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const interval of clipped) {
    const last = merged.at(-1);
    if (last !== undefined && interval.start <= last.end) last.end = Math.max(last.end, interval.end);
    else merged.push({ ...interval });
  }
  return merged;
}

function gapsBetween(window: Interval, covered: readonly Interval[]): Interval[] {
  const gaps: Interval[] = [];
  let cursor = window.start;
  for (const interval of covered) {
    if (interval.start > cursor) gaps.push({ start: cursor, end: interval.start });
    cursor = Math.max(cursor, interval.end);
  }
  if (cursor < window.end) gaps.push({ start: cursor, end: window.end });
  return gaps;
}

export function sessionCoverage(window: TimeWindow, segments: readonly SegmentFacts[], options: CoverageOptions = {}): SessionCoverage {
  const toleranceMs = (options.toleranceSeconds ?? DEFAULT_GAP_TOLERANCE_SECONDS) * 1000;
  const span = { start: toMs(window.start), end: toMs(window.end) };
  if (span.end <= span.start) throw new RangeError(`session window ends before it starts: ${window.start}..${window.end}`);

  const completed = segments.filter((segment) => segment.status === 'completed' && segment.replaced === undefined);
  const dated = completed.flatMap((segment) =>
    segment.recordedFrom !== undefined && segment.recordedTo !== undefined
      ? [{ start: toMs(segment.recordedFrom), end: toMs(segment.recordedTo) }]
      : [],
  );
  const covered = mergeWithin(span, dated);
  const coveredMs = covered.reduce((sum, interval) => sum + (interval.end - interval.start), 0);
  const gaps = gapsBetween(span, covered).filter((gap) => gap.end - gap.start >= toleranceMs);
  const windowMs = span.end - span.start;

  let status: CoverageStatus;
  if (completed.length === 0) status = 'missing';
  else if (gaps.length === 0 && dated.length > 0) status = 'complete';
  else status = 'partial';

  return {
    status,
    windowSeconds: Math.round(windowMs / 1000),
    coveredSeconds: Math.round(coveredMs / 1000),
    ratio: Math.round((coveredMs / windowMs) * 1000) / 1000,
    gaps: gaps.map((gap) => ({
      start: new Date(gap.start).toISOString(),
      end: new Date(gap.end).toISOString(),
      seconds: Math.round((gap.end - gap.start) / 1000),
    })),
    completedSegments: completed.length,
    undatedSegments: completed.length - dated.length,
  };
}

export interface SessionCoverageInput {
  readonly sessionId: string;
  readonly window: TimeWindow;
  readonly segments: readonly SegmentFacts[];
}

export interface ClassCoverage {
  readonly sessions: ReadonlyArray<{ readonly sessionId: string } & SessionCoverage>;
  readonly counts: Readonly<Record<CoverageStatus, number>>;
}

/** Per class: which sessions are fully, partly or not at all recorded (Issue 5 "Coverage"). */
export function classCoverage(sessions: readonly SessionCoverageInput[], options: CoverageOptions = {}): ClassCoverage {
  const counts: Record<CoverageStatus, number> = { complete: 0, partial: 0, missing: 0 };
  const result = sessions.map((session) => {
    const coverage = sessionCoverage(session.window, session.segments, options);
    counts[coverage.status] += 1;
    return { sessionId: session.sessionId, ...coverage };
  });
  return { sessions: result, counts };
}
