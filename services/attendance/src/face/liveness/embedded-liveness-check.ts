/**
 * The embedded, active liveness check: a random challenge, then a burst of frames judged on the
 * server with the embedded engine (`human`'s face mesh gives the head's yaw and the eyelids; its
 * description model the identity). Runs where the embedded face engine runs (`npm start`,
 * on-premises) and needs nothing outside the process but the challenge store.
 *
 * What it stops: a printed photo or a phone screen held still (nothing turns or blinks), the same
 * picture sent as every frame (identical or unchanged frames), another face slipped into the
 * burst (identity), and a recorded burst sent again (a passed burst's frame hashes are claimed;
 * the challenge is random, single-use and expires after `ttlSeconds`). What it cannot stop: a
 * video of the trainee that happens to show the asked movement, replayed to the camera within the
 * minute; Rekognition Face Liveness, with its screen-reflection analysis, is the stronger adapter.
 */
import { now as clockNow } from '@peixun/shared';
import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { EmbeddedFace, EmbeddedRuntime } from '../embedded/human-runtime';
import { FaceImageRejected } from '../face-errors';
import { decodeImage, resolveImageLimits, type DecodedImage, type ImageLimits } from '../image';
import { faceSize, resolveQualityPolicy, type QualityPolicy } from '../quality';
import { loadSharp } from '../sharp';
import { DEFAULT_LIVENESS_POLICY, judgeBurst, type BurstEvidence, type FrameObservation, type LivenessPolicy } from './burst-rules';
import { pendingChallenge, type LivenessChallengeStore } from './challenge-store';
import { LivenessChallengeUnavailable } from './liveness-errors';
import {
  LIVENESS_INSTRUCTIONS,
  LIVENESS_MESSAGES,
  type LivenessAction,
  type LivenessBinding,
  type LivenessChallenge,
  type LivenessCheck,
  type LivenessFailure,
  type LivenessResult,
  type LivenessSubject,
} from './liveness-check';

/** Every action the check can prove; the challenge picks one at random. */
export const EMBEDDED_LIVENESS_ACTIONS: readonly LivenessAction[] = ['TURN_LEFT', 'TURN_RIGHT', 'BLINK'];

export interface EmbeddedLivenessOptions {
  readonly runtime: EmbeddedRuntime;
  readonly store: LivenessChallengeStore;
  /** The embedded face engine's identity threshold (0–100). */
  readonly identityThreshold: number;
  readonly policy?: Partial<Omit<LivenessPolicy, 'identityThreshold'>>;
  readonly quality?: Partial<QualityPolicy>;
  readonly imageLimits?: Partial<ImageLimits>;
  readonly now?: () => Date;
  /** Picks the action; default: uniformly at random from `EMBEDDED_LIVENESS_ACTIONS`. */
  readonly pickAction?: () => LivenessAction;
}

interface AnalysedFrame {
  readonly observation: FrameObservation;
  readonly embedding: number[] | undefined;
  readonly thumbnail: Uint8Array;
}

const THUMBNAIL_SIDE = 32;

export class EmbeddedLivenessCheck implements LivenessCheck {
  readonly mode = 'embedded' as const;
  private readonly policy: LivenessPolicy;
  private readonly quality: QualityPolicy;
  private readonly imageLimits: ImageLimits;
  private readonly now: () => Date;
  private readonly pickAction: () => LivenessAction;

  constructor(private readonly options: EmbeddedLivenessOptions) {
    this.policy = { ...DEFAULT_LIVENESS_POLICY, ...definedOnly(options.policy ?? {}), identityThreshold: options.identityThreshold };
    this.quality = resolveQualityPolicy(options.quality);
    this.imageLimits = resolveImageLimits(options.imageLimits);
    // The service clock every other rule reads (the local runtime's dev clock moves it), not Date.
    this.now = options.now ?? clockNow;
    this.pickAction = options.pickAction ?? (() => EMBEDDED_LIVENESS_ACTIONS[randomInt(EMBEDDED_LIVENESS_ACTIONS.length)] ?? 'BLINK');
  }

  async start(binding: LivenessBinding): Promise<LivenessChallenge> {
    const issuedAt = this.now();
    const action = this.pickAction();
    const challenge: LivenessChallenge = {
      challengeId: randomBytes(16).toString('base64url'),
      sessionId: binding.sessionId,
      subject: binding.subject,
      mode: this.mode,
      action,
      instruction: LIVENESS_INSTRUCTIONS[action],
      providerSessionId: undefined,
      issuedAt: issuedAt.toISOString(),
      expiresAt: new Date(issuedAt.getTime() + this.policy.ttlSeconds * 1000).toISOString(),
    };
    await this.options.store.create(challenge);
    return challenge;
  }

  async verify(challengeId: string, frames: readonly Uint8Array[], by: LivenessSubject): Promise<LivenessResult> {
    const stored = await pendingChallenge(this.options.store, challengeId, by, this.now());
    const action = stored.challenge.action ?? 'BLINK';
    const sha256 = frames.map((frame) => createHash('sha256').update(frame).digest('hex'));
    const failure = await this.judge(frames, sha256, action);
    let result = this.result(challengeId, failure);
    let outcome = await this.options.store.judge(challengeId, result, failure === undefined ? sha256 : [], this.now());
    if (outcome === 'FRAMES_SEEN') {
      result = this.result(challengeId, 'BURST_REPLAYED');
      outcome = await this.options.store.judge(challengeId, result, [], this.now());
    }
    if (outcome === 'RECORDED') return result;
    throw new LivenessChallengeUnavailable({ challengeId, reason: outcome === 'EXPIRED' ? 'EXPIRED' : 'NOT_PENDING' });
  }

  private async judge(frames: readonly Uint8Array[], sha256: readonly string[], action: LivenessAction): Promise<LivenessFailure | undefined> {
    // Counted first: a burst of 500 frames must not cost 500 detections.
    if (frames.length < this.policy.minFrames || frames.length > this.policy.maxFrames) return 'FRAME_COUNT';
    const analysed: AnalysedFrame[] = [];
    for (const frame of frames) {
      const one = await this.analyse(frame);
      if (one === undefined) return 'NO_SINGLE_FACE';
      analysed.push(one);
    }
    const first = analysed[0]?.embedding;
    const evidence: BurstEvidence = {
      frames: analysed.map((frame) => frame.observation),
      sha256,
      similarityToFirst: analysed.map((frame) =>
        first === undefined || frame.embedding === undefined ? 0 : this.options.runtime.similarity(first, frame.embedding),
      ),
      frameChange: analysed.slice(1).map((frame, index) => meanAbsoluteDifference(analysed[index]?.thumbnail, frame.thumbnail)),
    };
    return judgeBurst(evidence, action, this.policy);
  }

  /** Undefined when the frame cannot be used (unreadable, no face, several faces, no embedding). */
  private async analyse(bytes: Uint8Array): Promise<AnalysedFrame | undefined> {
    let image: DecodedImage;
    try {
      image = await decodeImage(bytes, this.imageLimits);
    } catch (error) {
      if (error instanceof FaceImageRejected) return undefined;
      throw error;
    }
    const faces = (await this.options.runtime.detect(image)).filter(
      (face) => face.confidence >= this.quality.minConfidence && faceSize(face) >= this.quality.minFaceSize,
    );
    const [face] = faces;
    if (faces.length !== 1 || face === undefined || face.embedding === undefined) return undefined;
    return { observation: observe(face), embedding: face.embedding, thumbnail: await thumbnail(image) };
  }

  private result(challengeId: string, failure: LivenessFailure | undefined): LivenessResult {
    return {
      challengeId,
      passed: failure === undefined,
      failure,
      message: LIVENESS_MESSAGES[failure ?? 'PASSED'],
      mode: this.mode,
      confidence: undefined,
    };
  }
}

function observe(face: EmbeddedFace): FrameObservation {
  return { faces: 1, yaw: face.pose.yaw, eyeOpenness: face.eyeOpenness };
}

async function thumbnail(image: DecodedImage): Promise<Uint8Array> {
  const sharp = await loadSharp();
  const buffer = await sharp(image.rgb, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(THUMBNAIL_SIDE, THUMBNAIL_SIDE, { fit: 'fill' })
    .greyscale()
    .raw()
    .toBuffer();
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

function meanAbsoluteDifference(a: Uint8Array | undefined, b: Uint8Array): number {
  if (a === undefined || a.length !== b.length) return 0;
  let sum = 0;
  for (let index = 0; index < a.length; index++) sum += Math.abs((a[index] ?? 0) - (b[index] ?? 0));
  return sum / a.length;
}

function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}
