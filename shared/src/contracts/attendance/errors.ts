import { defineErrorCatalogue, errorPicker, MIDDLEWARE_ERRORS } from '../../http/route-contract';

/**
 * Every error code the attendance service answers with besides the shared ones, with its HTTP
 * status and the Chinese title of its problem document. The service's error classes state the
 * same; `test/contracts/route-errors.test.ts` fails when the two disagree or a code here is
 * thrown nowhere.
 */
export const ATTENDANCE_ERRORS = defineErrorCatalogue({
  // Answered by the HTTP preset around every handler (idempotency store, DynamoDB's own limits).
  ...MIDDLEWARE_ERRORS,
  SESSION_NOT_FOUND: { status: 404, title: '课次不存在' },
  SESSION_CANCELLED: { status: 409, title: '课次已取消' },
  CLASS_CANCELLED: { status: 409, title: '班次已取消' },
  SESSION_NOT_OPEN: { status: 409, title: '不在考勤时间内' },
  NOT_ON_ROSTER: { status: 403, title: '不在花名册内' },
  FACE_MISMATCH: { status: 422, title: '人脸比对未通过' },
  FACE_RETRY_SECOND_PHOTO: { status: 422, title: '请再拍一张照片' },
  PROXY_SUSPECTED: { status: 422, title: '疑似代签' },
  DEVICE_RATE_LIMITED: { status: 429, title: '设备考勤过于频繁' },
  DEVICE_BUSY: { status: 503, title: '设备考勤繁忙' },
  LOCKED_OUT: { status: 429, title: '失败次数过多，已暂时锁定' },
  ALREADY_RECORDED: { status: 409, title: '已有考勤记录' },
  PHOTO_REPLAYED: { status: 422, title: '照片重复使用' },
  TRAINEE_FROZEN: { status: 409, title: '学员档案已冻结' },
  TRAINEE_UNKNOWN: { status: 404, title: '学员未登记' },
  FACE_CONSENT_MISSING: { status: 409, title: '未同意采集人脸' },
  FACE_CONSENT_WITHDRAWN: { status: 409, title: '已撤回人脸识别同意' },
  FACE_REVIEW_NOT_PENDING: { status: 409, title: '无待审核的人脸' },
  MANUAL_RECORD_NOT_PENDING: { status: 409, title: '补录记录已审核' },
  IMAGE_UNSUPPORTED: { status: 400, title: '图片格式不支持' },
  IMAGE_TOO_LARGE: { status: 413, title: '图片过大' },
  IMAGE_UNREADABLE: { status: 400, title: '图片无法读取' },
  FACE_NOT_FOUND: { status: 422, title: '未检测到人脸' },
  FACE_MULTIPLE: { status: 422, title: '检测到多张人脸' },
  FACE_TOO_SMALL: { status: 422, title: '人脸过小' },
  FACE_BLURRED: { status: 422, title: '照片模糊' },
  FACE_POSE: { status: 422, title: '人脸角度过大' },
  FACE_LOW_QUALITY: { status: 422, title: '人脸质量不足' },
  FACE_NOT_ENROLLED: { status: 409, title: '尚未采集人脸' },
  FACE_ENGINE_BUSY: { status: 503, title: '人脸识别服务繁忙' },
  LIVENESS_REQUIRED: { status: 422, title: '需要先完成活体检测' },
  LIVENESS_CHALLENGE_UNAVAILABLE: { status: 409, title: '活体检测已失效' },
  LIVENESS_NOT_FINISHED: { status: 409, title: '活体检测尚未完成' },
});
export type AttendanceErrorCode = keyof typeof ATTENDANCE_ERRORS;

/** `errors: attendanceErrors('ALREADY_RECORDED', 'FORBIDDEN')` in a route contract. */
export const attendanceErrors = errorPicker(ATTENDANCE_ERRORS);
