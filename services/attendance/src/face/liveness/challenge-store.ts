/**
 * Where challenges and their results live, behind a port so the rules can be tested without a
 * database. Every transition is conditional, never read-then-write:
 * - `create`: only if the id is new;
 * - `judge`: only while PENDING and unexpired, once; a pass also claims every frame's hash
 *   (a sentinel per hash, only if new), so a burst that passed once can never pass again,
 *   even when two copies race;
 * - a passed result is later consumed by one check-in, in that check-in's own transaction.
 */
import { sameSubject, type LivenessChallenge, type LivenessResult, type LivenessStatus, type LivenessSubject } from './liveness-check';
import { LivenessChallengeUnavailable } from './liveness-errors';

export interface StoredChallenge {
  readonly challenge: LivenessChallenge;
  readonly status: LivenessStatus;
  readonly result: LivenessResult | undefined;
  /** A pass may be consumed by a check until then: the check follows the liveness check at once. */
  readonly usableUntil: string | undefined;
}

/** How long a passed result stays usable for the check it was made for. */
export const LIVENESS_RESULT_USABLE_SECONDS = 120;

/** `TRAINEE#<id>` or `DEVICE#<id>`: the binding as one comparable value. */
export function subjectKey(subject: LivenessSubject): string {
  return subject.kind === 'TRAINEE' ? `TRAINEE#${subject.traineeId}` : `DEVICE#${subject.deviceId}`;
}

/**
 * The challenge `by` may answer now: its own, still pending and unexpired — checked before any
 * work on the answer, and again by the store's conditional write. Otherwise refused with the reason.
 */
export async function pendingChallenge(store: LivenessChallengeStore, challengeId: string, by: LivenessSubject, now: Date): Promise<StoredChallenge> {
  const stored = await store.get(challengeId);
  if (stored === undefined || !sameSubject(stored.challenge.subject, by)) throw new LivenessChallengeUnavailable({ challengeId, reason: 'NOT_FOUND' });
  if (stored.status !== 'PENDING') throw new LivenessChallengeUnavailable({ challengeId, reason: 'NOT_PENDING' });
  if (Date.parse(stored.challenge.expiresAt) <= now.getTime()) throw new LivenessChallengeUnavailable({ challengeId, reason: 'EXPIRED' });
  return stored;
}

export type JudgeOutcome = 'RECORDED' | 'NOT_PENDING' | 'EXPIRED' | 'FRAMES_SEEN';

export interface LivenessChallengeStore {
  create(challenge: LivenessChallenge): Promise<void>;
  get(challengeId: string): Promise<StoredChallenge | undefined>;
  /**
   * Records the result. A pass carries `frameHashes` (SHA-256 of each frame) that must all be
   * new: `FRAMES_SEEN` means one was claimed by an earlier passed burst, and nothing was written.
   */
  judge(challengeId: string, result: LivenessResult, frameHashes: readonly string[], now: Date): Promise<JudgeOutcome>;
}

/** For unit tests and single-process tools; the same transitions as the DynamoDB store. */
export class InMemoryLivenessChallengeStore implements LivenessChallengeStore {
  private readonly challenges = new Map<string, StoredChallenge>();
  private readonly seenFrames = new Set<string>();

  async create(challenge: LivenessChallenge): Promise<void> {
    if (this.challenges.has(challenge.challengeId)) throw new Error(`challenge ${challenge.challengeId} exists`);
    this.challenges.set(challenge.challengeId, { challenge, status: 'PENDING', result: undefined, usableUntil: undefined });
  }

  async get(challengeId: string): Promise<StoredChallenge | undefined> {
    return this.challenges.get(challengeId);
  }

  async judge(challengeId: string, result: LivenessResult, frameHashes: readonly string[], now: Date): Promise<JudgeOutcome> {
    const stored = this.challenges.get(challengeId);
    if (stored === undefined || stored.status !== 'PENDING') return 'NOT_PENDING';
    if (Date.parse(stored.challenge.expiresAt) <= now.getTime()) return 'EXPIRED';
    if (result.passed && frameHashes.some((hash) => this.seenFrames.has(hash))) return 'FRAMES_SEEN';
    if (result.passed) for (const hash of frameHashes) this.seenFrames.add(hash);
    const usableUntil = result.passed ? new Date(now.getTime() + LIVENESS_RESULT_USABLE_SECONDS * 1000).toISOString() : undefined;
    this.challenges.set(challengeId, { ...stored, status: result.passed ? 'PASSED' : 'FAILED', result, usableUntil });
    return 'RECORDED';
  }
}
