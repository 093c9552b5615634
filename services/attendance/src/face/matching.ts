/** Decisions on scores that must come out the same whichever engine produced the scores. */
import { DEFAULT_MAX_MATCHES, SUBJECT_ID_PATTERN, type FaceMatch, type FaceSearchOptions } from './face-engine';

/** A threshold outside 0–100 is a configuration bug (e.g. a 0–1 value from another library), not a user error. */
export function resolveThreshold(requested: number | undefined, configured: number): number {
  const threshold = requested ?? configured;
  if (!Number.isFinite(threshold) || threshold < 0 || threshold > 100) {
    throw new RangeError(`Face match threshold must be on the 0–100 scale, got ${threshold}`);
  }
  return threshold;
}

/**
 * The lowest score that asks for a second photo instead of failing: `band` points below the
 * threshold (0: no grey zone). A negative band or one reaching below 0 is a configuration bug.
 */
export function resolveSecondPhotoFrom(band: number | undefined, configured: number, threshold: number): number {
  const width = band ?? configured;
  if (!Number.isFinite(width) || width < 0 || width > threshold) {
    throw new RangeError(`Second-photo band must be between 0 and the threshold (${threshold}), got ${width}`);
  }
  return threshold - width;
}

export function assertSubjectId(subjectId: string): void {
  if (!SUBJECT_ID_PATTERN.test(subjectId)) {
    throw new RangeError(`Subject id "${subjectId}" must match ${SUBJECT_ID_PATTERN.source}`);
  }
}

/**
 * Keeps each subject's best template, drops subjects outside `candidates` or inside `exclude`
 * and those below the threshold, best first. Ties keep the engine's order.
 */
export function rankMatches(scored: Iterable<FaceMatch>, options: FaceSearchOptions & { threshold: number }): FaceMatch[] {
  const candidates = options.candidates === undefined ? undefined : new Set(options.candidates);
  const exclude = new Set(options.exclude ?? []);
  const bestBySubject = new Map<string, FaceMatch>();
  for (const match of scored) {
    if (match.similarity < options.threshold) continue;
    if (exclude.has(match.subjectId)) continue;
    if (candidates !== undefined && !candidates.has(match.subjectId)) continue;
    const known = bestBySubject.get(match.subjectId);
    if (known === undefined || match.similarity > known.similarity) bestBySubject.set(match.subjectId, match);
  }
  return [...bestBySubject.values()]
    .sort((a, b) => b.similarity - a.similarity)
    .slice(0, options.maxMatches ?? DEFAULT_MAX_MATCHES);
}
