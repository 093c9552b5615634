import { startLivenessRoute, verifyLivenessRoute } from '@peixun/shared/browser';
import { ref } from 'vue';
import { ApiProblem, call } from '../api/client';

/**
 * The console's liveness step before a face check (Art. 27, issue 15), for deployments that
 * require one (`LIVENESS_REQUIRED`). The service picks a random movement (turn the head left or
 * right, blink); the page shows it, gives the person a moment to get ready, films a burst of frames
 * while they do it, and sends the burst to be judged on the server. Only the embedded check can be
 * answered with frames from a page; Rekognition Face Liveness streams video through AWS's own
 * component, which this console does not carry, so that mode is refused with what to do instead.
 *
 * A page learns that liveness is required from the service's first `LIVENESS_REQUIRED` answer and
 * runs the step before every check after that; a deployment that does not require it never sees it.
 * The check's photo is then the burst's first frame (see `passLiveness`).
 */

/** 10 frames 250 ms apart: 2.5 s, time for a slow head turn; within the service's 5–12. */
export const BURST_FRAMES = 10;
const FRAME_INTERVAL_MS = 250;
/** Time to read the instruction before filming starts. */
const PREPARE_MS = 1_500;
/** Burst frames are scaled to 640 px: ~50 KB each, so the whole burst is one small request. */
const FRAME_MAX_SIDE = 640;

export type LivenessStage =
  | { readonly step: 'prepare'; readonly instruction: string; readonly action: string }
  | { readonly step: 'filming'; readonly instruction: string; readonly action: string; readonly taken: number }
  | { readonly step: 'judging' };

/** The burst was judged and did not pass; `message` is the service's Chinese reason. */
export class LivenessNotPassed extends Error {
  constructor(
    readonly failure: string,
    message: string,
  ) {
    super(message);
  }
}

/** The deployment runs Rekognition Face Liveness, which a page cannot answer with frames. */
export class LivenessUnsupported extends Error {
  constructor() {
    super('本系统的活体检测需使用专用签到设备完成，本页面无法进行。');
  }
}

export interface LivenessCamera {
  capture(maxSide?: number): Promise<string>;
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface PassedLiveness {
  readonly livenessId: string;
  /** The burst's first frame (taken facing the camera, before the movement): the check's photo. */
  readonly photo: string;
}

/**
 * Runs one liveness check for the session on this device and answers its id once it passed, with
 * the photo to check: the service accepts only a frame of the passed burst, so the face it checks
 * is the one that moved, not a picture held up afterwards.
 */
export async function passLiveness(camera: LivenessCamera, sessionId: string, deviceId: string, onStage: (stage: LivenessStage) => void): Promise<PassedLiveness> {
  const challenge = await call(startLivenessRoute, { params: { sessionId }, body: { deviceId } });
  if (challenge.mode !== 'embedded' || challenge.action === undefined) throw new LivenessUnsupported();
  const { instruction, action } = challenge;
  onStage({ step: 'prepare', instruction, action });
  await pause(PREPARE_MS);
  const frames: string[] = [];
  while (frames.length < BURST_FRAMES) {
    if (frames.length > 0) await pause(FRAME_INTERVAL_MS);
    frames.push(await camera.capture(FRAME_MAX_SIDE));
    // Observed by bench:console and by the browser test's scripted camera, which shows the next picture.
    performance.mark('peixun:liveness-frame');
    onStage({ step: 'filming', instruction, action, taken: frames.length });
  }
  onStage({ step: 'judging' });
  const result = await call(verifyLivenessRoute, { params: { livenessId: challenge.livenessId }, body: { deviceId, frames } });
  if (!result.passed) throw new LivenessNotPassed(result.failure ?? 'NOT_PASSED', result.message);
  return { livenessId: challenge.livenessId, photo: frames[0] ?? '' };
}

/**
 * A face check with the liveness step in front of it when the deployment asks for one. `send`
 * makes the check with a photo and, once liveness is known to be required, the passed check's id.
 */
export function useLivenessGate(camera: () => LivenessCamera | undefined, sessionId: () => string, deviceId: string) {
  const stage = ref<LivenessStage>();
  let required = false;

  async function check<T>(send: (photo: string, livenessId: string | undefined) => Promise<T>): Promise<T> {
    const current = camera();
    if (current === undefined) throw new Error('摄像头尚未就绪。');
    if (!required) {
      try {
        return await send(await current.capture(), undefined);
      } catch (error) {
        if (!(error instanceof ApiProblem && error.code === 'LIVENESS_REQUIRED')) throw error;
        required = true;
      }
    }
    try {
      const passed = await passLiveness(current, sessionId(), deviceId, (next) => (stage.value = next));
      return await send(passed.photo, passed.livenessId);
    } finally {
      stage.value = undefined;
    }
  }

  return { stage, check };
}
