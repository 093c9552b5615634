import { DomainError } from '@peixun/shared';

/**
 * Why a photo cannot be used. The person at the kiosk sees the Chinese hint and can fix it on
 * the spot (retake, move closer, face the camera); programs branch on the English code.
 */
export const FACE_IMAGE_PROBLEMS = {
  IMAGE_UNSUPPORTED: {
    status: 400,
    title: '图片格式不支持',
    detail: '请上传 JPG 或 PNG 格式的照片。',
  },
  IMAGE_TOO_LARGE: {
    status: 413,
    title: '图片过大',
    detail: '照片不能超过 5 MB，请降低分辨率或压缩后重新上传。',
  },
  IMAGE_UNREADABLE: {
    status: 400,
    title: '图片无法读取',
    detail: '照片文件已损坏或不完整，请重新拍摄后上传。',
  },
  FACE_NOT_FOUND: {
    status: 422,
    title: '未检测到人脸',
    detail: '照片中没有检测到人脸，请正对镜头、露出完整面部后重新拍摄。',
  },
  FACE_MULTIPLE: {
    status: 422,
    title: '检测到多张人脸',
    detail: '照片中只能有一个人，请确保镜头前只有本人后重新拍摄。',
  },
  FACE_TOO_SMALL: {
    status: 422,
    title: '人脸过小',
    detail: '人脸在画面中太小，请靠近镜头，让面部占据画面的主要部分后重新拍摄。',
  },
  FACE_BLURRED: {
    status: 422,
    title: '照片模糊',
    detail: '照片不清晰，请保持手机稳定、擦净镜头并在光线充足处重新拍摄。',
  },
  FACE_POSE: {
    status: 422,
    title: '人脸角度过大',
    detail: '请正对镜头，不要侧脸、仰头、低头或歪头，然后重新拍摄。',
  },
  FACE_LOW_QUALITY: {
    status: 422,
    title: '人脸质量不足',
    detail: '照片中的人脸不够清楚（可能过暗、过曝或被遮挡），请摘下帽子口罩、在光线均匀处重新拍摄。',
  },
} as const satisfies Record<string, { status: number; title: string; detail: string }>;

export type FaceImageProblemCode = keyof typeof FACE_IMAGE_PROBLEMS;

/**
 * The photo is unusable. Always a 4xx: bad input must never surface as a 500, and it is never
 * retried automatically because only a new photo can fix it.
 */
export class FaceImageRejected extends DomainError {
  override readonly code: FaceImageProblemCode;

  constructor(code: FaceImageProblemCode, context: Record<string, unknown> = {}) {
    const problem = FACE_IMAGE_PROBLEMS[code];
    super({ code, status: problem.status, title: problem.title, detail: problem.detail, context });
    this.code = code;
  }
}

/** The subject has no usable template (never enrolled, or removed); the caller should offer the non-face path. */
export class FaceNotEnrolled extends DomainError {
  constructor(subjectId: string) {
    super({
      code: 'FACE_NOT_ENROLLED',
      status: 409,
      title: '尚未采集人脸',
      detail: '该学员尚未完成人脸采集，请先采集人脸或由工作人员登记考勤。',
      context: { subjectId },
    });
  }
}

/**
 * The engine is overloaded or throttling us. Retryable: the caller may back off and try again,
 * and the kiosk should tell the person to wait rather than to retake the photo.
 */
export class FaceEngineBusy extends DomainError {
  readonly retryable = true;

  constructor(engine: string, cause?: unknown) {
    super({
      code: 'FACE_ENGINE_BUSY',
      status: 503,
      title: '人脸识别服务繁忙',
      detail: '人脸识别服务繁忙，请稍候几秒再试。',
      context: { engine },
    });
    if (cause !== undefined) this.cause = cause;
  }
}
