import type { ClassRecordingFacts } from './recording-requirement';

/**
 * What the service knows of one scheduled session, projected from enrollment's class events. The
 * highest `classVersion` seen wins, so late or repeated deliveries change nothing.
 */
export interface ProjectedSession {
  readonly sessionId: string;
  readonly classId: string;
  readonly classVersion: number;
  readonly institutionId: string;
  /** The approving (and supervising) office's area; reviewers of this area may view. */
  readonly areaCode: string;
  /** ISO-8601 with offset. */
  readonly startsAt: string;
  readonly endsAt: string;
  readonly recording: ClassRecordingFacts;
  readonly cancelled: boolean;
}
