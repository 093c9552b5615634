import { defineErrorCatalogue, errorPicker, MIDDLEWARE_ERRORS } from '../../http/route-contract';

/**
 * Every error code the recordings service answers with besides the shared ones, with its HTTP
 * status and the Chinese title of its problem document. The service's error factories state the
 * same; `test/contracts/route-errors.test.ts` fails when the two disagree or a code here is
 * thrown nowhere. The size, format and checksum refusals come from the verifier and reach the
 * uploader through the recording's status, not as answers to a request.
 */
export const RECORDING_ERRORS = defineErrorCatalogue({
  // Answered by the HTTP preset around every handler (idempotency store, DynamoDB's own limits).
  ...MIDDLEWARE_ERRORS,
  RECORDING_EMPTY: { status: 400, title: '文件为空' },
  RECORDING_TOO_LARGE: { status: 413, title: '录像文件过大' },
  RECORDING_NOT_REQUIRED: { status: 409, title: '该班次无需全程录像' },
  RECORDING_EVIDENCE_INSTEAD: { status: 409, title: '该班次以印证资料代替录像' },
  RECORDING_NOT_OWN_INSTITUTION: { status: 403, title: '无权上传' },
  RECORDING_INVALID_TIME_RANGE: { status: 400, title: '录像时间段有误' },
  RECORDING_PART_RANGE_INVALID: { status: 400, title: '分片编号有误' },
  RECORDING_PARTS_MISSING: { status: 409, title: '还有分片未上传' },
  RECORDING_PART_SIZE_MISMATCH: { status: 409, title: '分片大小不符' },
  RECORDING_SIZE_MISMATCH: { status: 422, title: '文件大小不符' },
  RECORDING_NOT_VIDEO: { status: 422, title: '不是视频文件' },
  RECORDING_CONTAINER_UNSUPPORTED: { status: 422, title: '不支持的视频格式' },
  RECORDING_CHECKSUM_MISMATCH: { status: 422, title: '文件校验不一致' },
  RECORDING_ALREADY_COMPLETED: { status: 409, title: '录像已上传完成' },
  RECORDING_VERIFYING: { status: 409, title: '录像正在校验' },
  RECORDING_UPLOAD_CLOSED: { status: 409, title: '上传已结束' },
  RECORDING_UPLOAD_GONE: { status: 410, title: '上传已失效' },
  RECORDING_OVERWRITE_REFUSED: { status: 409, title: '不能覆盖已存档的录像' },
  RECORDING_VIEW_OUTSIDE_AREA: { status: 403, title: '无权查看' },
  RECORDING_NOT_VIEWABLE: { status: 409, title: '录像暂不能查看' },
  RECORDING_CHANGED_CONCURRENTLY: { status: 409, title: '录像状态已变化' },
  RECORDING_SESSION_UNKNOWN: { status: 404, title: '课次不存在' },
  RECORDING_SESSION_ALREADY_RECORDED: { status: 409, title: '本课次录像已完整' },
  RECORDING_NOT_REPLACEABLE: { status: 409, title: '该录像不能申请替换' },
  RECORDING_REPLACEMENT_PENDING: { status: 409, title: '本课次已有未办结的替换申请' },
  RECORDING_REPLACEMENT_NOT_PENDING: { status: 409, title: '没有待审核的该项替换申请' },
  RECORDING_REPLACEMENT_NOT_APPROVED: { status: 409, title: '替换申请未获批准' },
  RECORDING_REPLACEMENT_USED: { status: 409, title: '替换申请已使用' },
});
export type RecordingErrorCode = keyof typeof RECORDING_ERRORS;

/** `errors: recordingErrors('RECORDING_ALREADY_COMPLETED', 'NOT_FOUND')` in a route contract. */
export const recordingErrors = errorPicker(RECORDING_ERRORS);
