/**
 * The `LivenessCheck` on Amazon Rekognition Face Liveness. `start` creates a Face Liveness
 * session (the service's own request: the client never chooses the session it is judged by)
 * and stores the challenge bound to the check-in; the client streams its video selfie to that
 * session with AWS's FaceLivenessDetector component; `verify` reads the result server-side
 * (GetFaceLivenessSessionResults) and passes it when Rekognition finished with a confidence at
 * or above the configured threshold. AWS: a session id is single-use and expires 3 minutes after
 * it is issued, so the challenge lives as long; the score is kept for the audit only and never
 * sent to the client (AWS's recommendation, and this service's rule for face scores).
 */
import { now as clockNow } from '@peixun/shared';
import { randomBytes } from 'node:crypto';
import {
  CreateFaceLivenessSessionCommand,
  GetFaceLivenessSessionResultsCommand,
  SessionNotFoundException,
  type RekognitionClient,
} from '@aws-sdk/client-rekognition';
import { pendingChallenge, type LivenessChallengeStore } from './challenge-store';
import { LivenessChallengeUnavailable, LivenessNotFinished } from './liveness-errors';
import {
  LIVENESS_MESSAGES,
  type LivenessBinding,
  type LivenessChallenge,
  type LivenessCheck,
  type LivenessFailure,
  type LivenessResult,
  type LivenessSubject,
} from './liveness-check';

/**
 * Default pass mark on Rekognition's 0–100 liveness confidence. AWS publishes no number, only
 * "a high threshold for use cases with greater security concerns"; a subsidy paid per attended
 * session is one. Tune with `LIVENESS_MIN_CONFIDENCE` after reviewing audit images in the pilot.
 */
export const REKOGNITION_LIVENESS_DEFAULT_MIN_CONFIDENCE = 90;
/** AWS: "a SessionId expires 3 minutes after it's sent". */
export const REKOGNITION_LIVENESS_SESSION_SECONDS = 180;

export interface RekognitionLivenessOptions {
  readonly client: RekognitionClient;
  readonly store: LivenessChallengeStore;
  readonly minConfidence?: number;
  readonly now?: () => Date;
}

export class RekognitionLivenessCheck implements LivenessCheck {
  readonly mode = 'rekognition' as const;
  readonly minConfidence: number;
  private readonly now: () => Date;

  constructor(private readonly options: RekognitionLivenessOptions) {
    const minConfidence = options.minConfidence ?? REKOGNITION_LIVENESS_DEFAULT_MIN_CONFIDENCE;
    if (!Number.isFinite(minConfidence) || minConfidence < 0 || minConfidence > 100) {
      throw new RangeError(`Liveness confidence threshold must be on the 0–100 scale, got ${minConfidence}`);
    }
    this.minConfidence = minConfidence;
    // The service clock every other rule reads (the local runtime's dev clock moves it), not Date.
    this.now = options.now ?? clockNow;
  }

  async start(binding: LivenessBinding): Promise<LivenessChallenge> {
    const challengeId = randomBytes(16).toString('base64url');
    // The challenge id is the idempotency token: a retried call gets the same session back.
    const { SessionId } = await this.options.client.send(
      new CreateFaceLivenessSessionCommand({ ClientRequestToken: challengeId, Settings: { AuditImagesLimit: 0 } }),
    );
    if (SessionId === undefined) throw new Error('Rekognition CreateFaceLivenessSession returned no SessionId');
    const issuedAt = this.now();
    const challenge: LivenessChallenge = {
      challengeId,
      sessionId: binding.sessionId,
      subject: binding.subject,
      mode: this.mode,
      action: undefined,
      instruction: '请按屏幕提示将面部移入框内并保持不动，完成活体检测。',
      providerSessionId: SessionId,
      issuedAt: issuedAt.toISOString(),
      expiresAt: new Date(issuedAt.getTime() + REKOGNITION_LIVENESS_SESSION_SECONDS * 1000).toISOString(),
    };
    await this.options.store.create(challenge);
    return challenge;
  }

  /** `frames` are ignored: Rekognition received the video itself. */
  async verify(challengeId: string, _frames: readonly Uint8Array[], by: LivenessSubject): Promise<LivenessResult> {
    const stored = await pendingChallenge(this.options.store, challengeId, by, this.now());
    const providerSessionId = stored.challenge.providerSessionId;
    if (providerSessionId === undefined) throw new LivenessChallengeUnavailable({ challengeId, reason: 'NOT_FOUND' });

    const { status, confidence } = await this.results(providerSessionId);
    if (status === 'CREATED' || status === 'IN_PROGRESS') throw new LivenessNotFinished({ challengeId, providerStatus: status });
    let failure: LivenessFailure | undefined;
    if (status !== 'SUCCEEDED') failure = 'PROVIDER_FAILED';
    else if (confidence === undefined || confidence < this.minConfidence) failure = 'PROVIDER_LOW_CONFIDENCE';
    const result: LivenessResult = {
      challengeId,
      passed: failure === undefined,
      failure,
      message: LIVENESS_MESSAGES[failure ?? 'PASSED'],
      mode: this.mode,
      confidence,
    };
    const outcome = await this.options.store.judge(challengeId, result, [], this.now());
    if (outcome === 'RECORDED') return result;
    throw new LivenessChallengeUnavailable({ challengeId, reason: outcome === 'EXPIRED' ? 'EXPIRED' : 'NOT_PENDING' });
  }

  private async results(sessionId: string): Promise<{ status: string; confidence: number | undefined }> {
    try {
      const response = await this.options.client.send(new GetFaceLivenessSessionResultsCommand({ SessionId: sessionId }));
      return { status: response.Status ?? 'FAILED', confidence: response.Confidence };
    } catch (error) {
      // Rekognition forgets a session 3 minutes after issuing it: that is an expired check, not an outage.
      if (error instanceof SessionNotFoundException) return { status: 'EXPIRED', confidence: undefined };
      throw error;
    }
  }
}
