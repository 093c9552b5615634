import type { RecordingRequirement } from './recording-requirement';
import type { UploadStatus } from './upload-state';

/**
 * Schools upload after class, often the next day from a slow line; 72 hours covers a weekend.
 * *(practice)* — configurable, the guideline sets no deadline.
 */
export const DEFAULT_MISSING_GRACE_HOURS = 72;

export interface MissingRecordingFacts {
  readonly requirement: RecordingRequirement;
  /** ISO-8601 with offset. */
  readonly sessionEndsAt: string;
  readonly now: Date;
  readonly graceHours?: number;
  readonly segmentStatuses: readonly UploadStatus[];
}

/** When the session's recording becomes overdue; a scheduler can fire the check at that time. */
export function missingCheckDueAt(sessionEndsAt: string, graceHours = DEFAULT_MISSING_GRACE_HOURS): Date {
  const end = Date.parse(sessionEndsAt);
  if (Number.isNaN(end)) throw new RangeError(`not an ISO-8601 time: ${sessionEndsAt}`);
  return new Date(end + graceHours * 3_600_000);
}

/**
 * Art. 24 and Issue 5: a session that must be filmed, ended longer than the grace period ago and
 * has no completed recording is missing its recording (`Recording.Missing`, for reviewers). An
 * upload still in progress does not count: only a verified recording proves the session was filmed.
 * Partial coverage is reported by coverage, not here.
 */
export function isRecordingMissing(facts: MissingRecordingFacts): boolean {
  if (facts.requirement.kind !== 'VIDEO') return false;
  if (facts.now < missingCheckDueAt(facts.sessionEndsAt, facts.graceHours)) return false;
  return !facts.segmentStatuses.includes('completed');
}
