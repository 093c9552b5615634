import { DomainError } from '@peixun/shared';

/**
 * The challenge cannot be judged: unknown, issued to someone else, already judged, or expired.
 * One answer for all four, so nobody can probe which challenges exist.
 */
export class LivenessChallengeUnavailable extends DomainError {
  constructor(context: { challengeId: string; reason: 'NOT_FOUND' | 'NOT_PENDING' | 'EXPIRED' }) {
    super({
      code: 'LIVENESS_CHALLENGE_UNAVAILABLE',
      status: 409,
      title: '活体检测已失效',
      detail: '该活体检测不存在、已使用或已超时（约 60 秒内有效），请重新开始活体检测。',
      context,
    });
  }
}

/** Rekognition has not finished the Face Liveness session yet; nothing was recorded, the client may ask again. */
export class LivenessNotFinished extends DomainError {
  constructor(context: { challengeId: string; providerStatus: string }) {
    super({ code: 'LIVENESS_NOT_FINISHED', status: 409, title: '活体检测尚未完成', detail: '活体检测还没有完成，请按屏幕提示完成后再提交。', context });
  }
}
