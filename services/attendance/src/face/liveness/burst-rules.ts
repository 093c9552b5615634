/**
 * The embedded liveness check's decision on a burst of frames, as pure rules on what the engine
 * measured, so every threshold is tested with numbers as well as with real video.
 *
 * A burst passes when, in this order:
 * 1. it has between `minFrames` and `maxFrames` frames;
 * 2. every frame shows exactly one recognisable face;
 * 3. every frame is the same person as the first (embedding similarity at or above the engine's
 *    identity threshold), so nobody can swap in another face mid-burst;
 * 4. the frames are different pictures: no two are byte-identical and most consecutive pairs
 *    changed by at least `minFrameChange` (a still photo sent repeatedly, or re-encoded, does not);
 * 5. the asked action happened: the head turned at least `turnDegrees` in the asked direction
 *    from where it started, or the eyes closed (openness below `closedRatio` of the open level
 *    before) and opened again (above `reopenedRatio` of it).
 */
import type { LivenessAction, LivenessFailure } from './liveness-check';

export interface FrameObservation {
  /** Recognisable faces in the frame (confident and big enough). */
  readonly faces: number;
  /**
   * Degrees, human's convention (measured on franck.webm): positive when the face turns towards
   * the right of the picture, which is the person's own left on an unmirrored camera.
   */
  readonly yaw: number;
  /** Eye aspect ratio, undefined when the mesh gave none. */
  readonly eyeOpenness: number | undefined;
}

export interface BurstEvidence {
  readonly frames: readonly FrameObservation[];
  /** SHA-256 of each frame's bytes. */
  readonly sha256: readonly string[];
  /** 0–100 similarity of frame i (i ≥ 1) to frame 0; index 0 is unused. */
  readonly similarityToFirst: readonly number[];
  /** Mean absolute grey-level difference (0–255) between frame i and frame i+1, on a small thumbnail. */
  readonly frameChange: readonly number[];
}

export interface LivenessPolicy {
  readonly minFrames: number;
  readonly maxFrames: number;
  /** Seconds a challenge may be answered after it was issued. */
  readonly ttlSeconds: number;
  readonly identityThreshold: number;
  readonly minFrameChange: number;
  readonly turnDegrees: number;
  readonly closedRatio: number;
  readonly reopenedRatio: number;
}

/**
 * Defaults measured on franck.webm (360×288, face ~130 px, frames 0.1–0.2 s apart):
 * - turns: human's yaw is damped; a clear head turn measured a 19–20° swing (−11° → +8.6° at
 *   158.8–160.1 s, and back), while a head held still jitters by under 2° between frames: 12°;
 * - blinks: eye openness 0.27–0.30 open, 0.15–0.16 closed (ratio ~0.53); a laugh that narrows the
 *   eyes reached 0.64, so "closed" is below 0.6 of the open level and "open again" above 0.85;
 * - frame change (mean grey-level difference of 32×32 thumbnails): a camera on a person sitting
 *   still measured 0.32–0.91 between frames 0.1–0.2 s apart (sensor noise alone), a moving head
 *   2.8–12; one photo re-encoded at JPEG quality 95…60 measured 0.06–0.38. Below 0.25 is "the same
 *   picture". The gap is narrow, so this rule only names the still photo's failure early: a
 *   re-encoded photo that clears it still fails the action rule, which is what decides.
 * The identity threshold is the engine's own (EMBEDDED_DEFAULT_THRESHOLD, 56, for the embedded engine).
 */
export const DEFAULT_LIVENESS_POLICY: Omit<LivenessPolicy, 'identityThreshold'> = {
  minFrames: 5,
  maxFrames: 12,
  ttlSeconds: 60,
  minFrameChange: 0.25,
  turnDegrees: 12,
  closedRatio: 0.6,
  reopenedRatio: 0.85,
};

export function judgeBurst(evidence: BurstEvidence, action: LivenessAction, policy: LivenessPolicy): LivenessFailure | undefined {
  const { frames } = evidence;
  if (frames.length < policy.minFrames || frames.length > policy.maxFrames) return 'FRAME_COUNT';
  if (frames.some((frame) => frame.faces !== 1)) return 'NO_SINGLE_FACE';
  if (evidence.similarityToFirst.slice(1).some((similarity) => similarity < policy.identityThreshold)) return 'IDENTITY_CHANGED';
  if (new Set(evidence.sha256).size !== evidence.sha256.length) return 'STATIC_FRAMES';
  const changed = evidence.frameChange.filter((change) => change >= policy.minFrameChange).length;
  if (changed * 2 < evidence.frameChange.length) return 'STATIC_FRAMES';
  return actionHappened(frames, action, policy) ? undefined : 'ACTION_MISSING';
}

function actionHappened(frames: readonly FrameObservation[], action: LivenessAction, policy: LivenessPolicy): boolean {
  if (action === 'BLINK') return blinked(frames, policy);
  const start = frames[0]?.yaw ?? 0;
  // The person's left is the picture's right: positive yaw.
  const sign = action === 'TURN_LEFT' ? 1 : -1;
  return frames.some((frame) => sign * (frame.yaw - start) >= policy.turnDegrees);
}

/** Open, then closed, then open again: a photo's eyes never change, a video's closed eyes must reopen in the burst. */
function blinked(frames: readonly FrameObservation[], policy: LivenessPolicy): boolean {
  let openLevel = 0;
  let closedAt = -1;
  for (const [index, frame] of frames.entries()) {
    const openness = frame.eyeOpenness;
    if (openness === undefined) continue;
    if (closedAt < 0) {
      if (openLevel > 0 && openness <= policy.closedRatio * openLevel) closedAt = index;
      else openLevel = Math.max(openLevel, openness);
    } else if (openness >= policy.reopenedRatio * openLevel) {
      return true;
    }
  }
  return false;
}
