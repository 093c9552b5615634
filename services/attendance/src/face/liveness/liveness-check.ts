/**
 * The liveness port of the attendance service: is a live person in front of the camera, rather
 * than a printed photo, a phone screen or a replayed recording? Face matching alone cannot tell
 * (issue 15: the exact bytes of a check-in photo passed again a week later).
 *
 * Two adapters implement it, selected like the `FaceEngine` adapters:
 * - `embedded`: an active check for `npm start` and on-premises use. `start` issues a random
 *   challenge (turn the head left or right, blink); the client films a short burst of frames
 *   while the person does it; `verify` checks the burst on the server with the embedded engine's
 *   landmarks (`embedded-liveness-check.ts`);
 * - `rekognition`: Amazon Rekognition Face Liveness. `start` creates a Face Liveness session the
 *   client streams video to with AWS's own component; `verify` reads the result server-side.
 *
 * Every challenge is bound to one session and one trainee or kiosk device, lives about 60 s and
 * can be verified once (conditional writes in the `LivenessChallengeStore`); a passed result is
 * later consumed once by a check-in.
 */

export type LivenessMode = 'embedded' | 'rekognition';

/** What the person is asked to do (embedded mode). Left and right are the person's own, not the picture's. */
export type LivenessAction = 'TURN_LEFT' | 'TURN_RIGHT' | 'BLINK';

/** Who the challenge was issued to: a trainee on their own phone, or a registered kiosk. */
export type LivenessSubject = { readonly kind: 'TRAINEE'; readonly traineeId: string } | { readonly kind: 'DEVICE'; readonly deviceId: string };

export interface LivenessBinding {
  readonly sessionId: string;
  readonly subject: LivenessSubject;
}

export type LivenessStatus = 'PENDING' | 'PASSED' | 'FAILED' | 'CONSUMED';

export interface LivenessChallenge extends LivenessBinding {
  /** 128 random bits, base64url: the challenge's only handle, so it doubles as the nonce. */
  readonly challengeId: string;
  readonly mode: LivenessMode;
  /** Embedded mode: what to do while the frames are taken. */
  readonly action: LivenessAction | undefined;
  /** The instruction to show, in Chinese. */
  readonly instruction: string;
  /** Rekognition mode: the Face Liveness session the client streams to. */
  readonly providerSessionId: string | undefined;
  readonly issuedAt: string;
  readonly expiresAt: string;
}

/** Why a liveness check did not pass; stable codes for programs. */
export type LivenessFailure =
  | 'FRAME_COUNT'
  | 'NO_SINGLE_FACE'
  | 'IDENTITY_CHANGED'
  | 'STATIC_FRAMES'
  | 'ACTION_MISSING'
  | 'BURST_REPLAYED'
  | 'PROVIDER_LOW_CONFIDENCE'
  | 'PROVIDER_FAILED';

export interface LivenessResult {
  readonly challengeId: string;
  readonly passed: boolean;
  readonly failure: LivenessFailure | undefined;
  /** For the person, in Chinese: what went wrong and what to do. */
  readonly message: string;
  readonly mode: LivenessMode;
  /** Rekognition's 0–100 confidence; the embedded check has none. Audit only, never sent to clients. */
  readonly confidence: number | undefined;
}

export interface LivenessCheck {
  readonly mode: LivenessMode;
  /** Issues a challenge bound to the session and the trainee or device, stored before it is returned. */
  start(binding: LivenessBinding): Promise<LivenessChallenge>;
  /**
   * Judges the challenge once. `frames` are the burst's JPEG frames (embedded mode; empty for
   * Rekognition, whose result is read server-side). `by` must be who the challenge was issued
   * to. Throws `LivenessChallengeUnavailable` for an unknown, foreign, used or expired challenge,
   * and `LivenessNotFinished` (nothing recorded, ask again) while the provider is still working.
   */
  verify(challengeId: string, frames: readonly Uint8Array[], by: LivenessSubject): Promise<LivenessResult>;
}

export const LIVENESS_MESSAGES: Readonly<Record<LivenessFailure | 'PASSED', string>> = {
  PASSED: '活体检测通过。',
  FRAME_COUNT: '活体检测需要一段连续画面，请重新开始并按提示完成动作。',
  NO_SINGLE_FACE: '活体检测画面中必须始终只有本人一张人脸，请重新开始。',
  IDENTITY_CHANGED: '活体检测画面中的人前后不一致，请由本人重新完成检测。',
  STATIC_FRAMES: '画面没有变化，可能是照片或屏幕翻拍。请本人面对镜头，按提示完成动作。',
  ACTION_MISSING: '未检测到要求的动作，请重新开始，按提示转头或眨眼。',
  BURST_REPLAYED: '这段画面已经使用过，可能是录像回放。请本人重新完成检测。',
  PROVIDER_LOW_CONFIDENCE: '未能确认镜头前是真人，请在光线充足处本人重新完成检测。',
  PROVIDER_FAILED: '活体检测未完成或已超时，请重新开始活体检测。',
};

export const LIVENESS_INSTRUCTIONS: Readonly<Record<LivenessAction, string>> = {
  TURN_LEFT: '请正对镜头，然后慢慢向左转头，再转回来。',
  TURN_RIGHT: '请正对镜头，然后慢慢向右转头，再转回来。',
  BLINK: '请正对镜头，眨一下眼睛。',
};

export function sameSubject(a: LivenessSubject, b: LivenessSubject): boolean {
  if (a.kind === 'TRAINEE') return b.kind === 'TRAINEE' && a.traineeId === b.traineeId;
  return b.kind === 'DEVICE' && a.deviceId === b.deviceId;
}
