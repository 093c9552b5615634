import { DomainError } from '@peixun/shared';

/**
 * Every refusal the recordings service can answer with. The `code` is the stable contract for
 * programs (the uploader reacts to some of them); `title`/`detail` are for school staff and
 * reviewers, in Chinese.
 */
export const RECORDING_ERROR_CODES = [
  'RECORDING_EMPTY',
  'RECORDING_TOO_LARGE',
  'RECORDING_NOT_REQUIRED',
  'RECORDING_EVIDENCE_INSTEAD',
  'RECORDING_NOT_OWN_INSTITUTION',
  'RECORDING_INVALID_TIME_RANGE',
  'RECORDING_PART_RANGE_INVALID',
  'RECORDING_PARTS_MISSING',
  'RECORDING_PART_SIZE_MISMATCH',
  'RECORDING_SIZE_MISMATCH',
  'RECORDING_NOT_VIDEO',
  'RECORDING_CONTAINER_UNSUPPORTED',
  'RECORDING_CHECKSUM_MISMATCH',
  'RECORDING_ALREADY_COMPLETED',
  'RECORDING_VERIFYING',
  'RECORDING_UPLOAD_CLOSED',
  'RECORDING_UPLOAD_GONE',
  'RECORDING_OVERWRITE_REFUSED',
  'RECORDING_VIEW_OUTSIDE_AREA',
  'RECORDING_NOT_VIEWABLE',
  'RECORDING_CHANGED_CONCURRENTLY',
  'RECORDING_SESSION_UNKNOWN',
  'RECORDING_SESSION_ALREADY_RECORDED',
  'RECORDING_NOT_REPLACEABLE',
  'RECORDING_REPLACEMENT_PENDING',
  'RECORDING_REPLACEMENT_NOT_PENDING',
  'RECORDING_REPLACEMENT_NOT_APPROVED',
  'RECORDING_REPLACEMENT_USED',
] as const;
export type RecordingErrorCode = (typeof RECORDING_ERROR_CODES)[number];

export class RecordingError extends DomainError {
  declare readonly code: RecordingErrorCode;

  constructor(args: {
    code: RecordingErrorCode;
    status: number;
    title: string;
    detail: string;
    context?: Record<string, unknown>;
  }) {
    super(args);
  }
}

const GIB = 1024 ** 3;
const gib = (bytes: number): string => `${(bytes / GIB).toFixed(2)} GiB`;

export const recordingEmpty = (): RecordingError =>
  new RecordingError({ code: 'RECORDING_EMPTY', status: 400, title: '文件为空', detail: '所选文件大小为 0，请检查是否选错了文件。' });

export const recordingTooLarge = (size: number, maxBytes: number): RecordingError =>
  new RecordingError({
    code: 'RECORDING_TOO_LARGE',
    status: 413,
    title: '录像文件过大',
    detail: `文件大小 ${gib(size)} 超过单个文件上限 ${gib(maxBytes)}，请将录像分段后分别上传（同一课次可上传多段）。`,
    context: { size, maxBytes },
  });

export const recordingNotRequired = (reason: 'SHORT_COURSE' | 'APPRENTICESHIP'): RecordingError =>
  new RecordingError({
    code: 'RECORDING_NOT_REQUIRED',
    status: 409,
    title: '该班次无需全程录像',
    detail:
      reason === 'SHORT_COURSE'
        ? '短平快培训（含岗前培训、安全技能培训）不实行全程录像（第二十四条），无需上传录像。'
        : '企业新型学徒制培训不实行全程录像（第二十四条），无需上传录像。',
    context: { reason },
  });

export const recordingEvidenceInstead = (): RecordingError =>
  new RecordingError({
    code: 'RECORDING_EVIDENCE_INSTEAD',
    status: 409,
    title: '该班次以印证资料代替录像',
    detail: '该企业职工培训因保密原因确不能全程录像，请按保密要求向属地县级人力资源社会保障部门提供印证资料（第二十四条），不通过本功能上传录像。',
  });

export const recordingNotOwnInstitution = (context: Record<string, unknown>): RecordingError =>
  new RecordingError({
    code: 'RECORDING_NOT_OWN_INSTITUTION',
    status: 403,
    title: '无权上传',
    detail: '只有承办该班次的培训机构工作人员可以上传或管理本课次的录像。',
    context,
  });

export const recordingInvalidTimeRange = (): RecordingError =>
  new RecordingError({
    code: 'RECORDING_INVALID_TIME_RANGE',
    status: 400,
    title: '录像时间段有误',
    detail: '录像开始时间必须早于结束时间，且须带时区（例如 2025-03-01T08:30:00+08:00）。',
  });

export const recordingPartRangeInvalid = (from: number, to: number, partCount: number, maxPerRequest: number): RecordingError =>
  new RecordingError({
    code: 'RECORDING_PART_RANGE_INVALID',
    status: 400,
    title: '分片编号有误',
    detail: `分片编号须在 1 至 ${partCount} 之间，且每次最多申请 ${maxPerRequest} 个分片地址（本次：${from}–${to}）。`,
    context: { from, to, partCount, maxPerRequest },
  });

/** The upload stays open: the client uploads the listed parts and asks to complete again. */
export const recordingPartsMissing = (missing: readonly number[]): RecordingError =>
  new RecordingError({
    code: 'RECORDING_PARTS_MISSING',
    status: 409,
    title: '还有分片未上传',
    detail: `还有 ${missing.length} 个分片未上传完成，请继续上传后再提交。`,
    context: { missing: missing.slice(0, 100), missingCount: missing.length },
  });

export const recordingPartSizeMismatch = (partNumbers: readonly number[]): RecordingError =>
  new RecordingError({
    code: 'RECORDING_PART_SIZE_MISMATCH',
    status: 409,
    title: '分片大小不符',
    detail: `有 ${partNumbers.length} 个分片的大小与计划不符，请重新上传这些分片。`,
    context: { partNumbers: partNumbers.slice(0, 100) },
  });

export const recordingSizeMismatch = (declared: number, stored: number): RecordingError =>
  new RecordingError({
    code: 'RECORDING_SIZE_MISMATCH',
    status: 422,
    title: '文件大小不符',
    detail: `存储的文件大小（${stored} 字节）与申报的大小（${declared} 字节）不一致，本次上传作废，请重新上传。`,
    context: { declared, stored },
  });

export const recordingNotVideo = (detected: string | undefined): RecordingError =>
  new RecordingError({
    code: 'RECORDING_NOT_VIDEO',
    status: 422,
    title: '不是视频文件',
    detail:
      detected === undefined
        ? '上传的文件不是可识别的视频，请上传课堂全程录像（MP4、MOV、MKV、WebM 或 TS 格式）。'
        : `上传的文件是${detected}，不是视频，请上传课堂全程录像（MP4、MOV、MKV、WebM 或 TS 格式）。`,
    context: { detected },
  });

export const recordingContainerUnsupported = (container: string): RecordingError =>
  new RecordingError({
    code: 'RECORDING_CONTAINER_UNSUPPORTED',
    status: 422,
    title: '不支持的视频格式',
    detail: `不支持 ${container} 格式的视频，请在录像设备或播放软件中导出为 MP4 后重新上传。`,
    context: { container },
  });

export const recordingChecksumMismatch = (declared: string, stored: string): RecordingError =>
  new RecordingError({
    code: 'RECORDING_CHECKSUM_MISMATCH',
    status: 422,
    title: '文件校验不一致',
    detail: '服务器收到的文件与您电脑上的文件校验值（SHA-256）不一致，可能在传输中损坏，本次上传作废，请重新上传。',
    context: { declared, stored },
  });

export const recordingAlreadyCompleted = (): RecordingError =>
  new RecordingError({
    code: 'RECORDING_ALREADY_COMPLETED',
    status: 409,
    title: '录像已上传完成',
    detail: '该录像已上传完成并存档，不能再修改、覆盖或删除。如需补充，请作为新的一段上传。',
  });

export const recordingVerifying = (): RecordingError =>
  new RecordingError({
    code: 'RECORDING_VERIFYING',
    status: 409,
    title: '录像正在校验',
    detail: '该录像已提交，正在校验文件，请稍后查看结果。',
  });

export const recordingUploadClosed = (status: string): RecordingError =>
  new RecordingError({
    code: 'RECORDING_UPLOAD_CLOSED',
    status: 409,
    title: '上传已结束',
    detail: '该次上传已取消或未通过校验，不能继续，请重新发起上传。',
    context: { status },
  });

export const recordingUploadGone = (): RecordingError =>
  new RecordingError({
    code: 'RECORDING_UPLOAD_GONE',
    status: 410,
    title: '上传已失效',
    detail: '存储服务中已找不到该次上传（可能超过 7 天未完成而被清理），请重新发起上传。',
  });

export const recordingOverwriteRefused = (key: string): RecordingError =>
  new RecordingError({
    code: 'RECORDING_OVERWRITE_REFUSED',
    status: 409,
    title: '不能覆盖已存档的录像',
    detail: '该位置已存有完成的录像，已存档的录像不能被覆盖。',
    context: { key },
  });

export const recordingViewOutsideArea = (context: Record<string, unknown>): RecordingError =>
  new RecordingError({
    code: 'RECORDING_VIEW_OUTSIDE_AREA',
    status: 403,
    title: '无权查看',
    detail: '只有该班次所在地区的人社部门审核、监督人员可以查看本课次录像。',
    context,
  });

export const recordingNotViewable = (status: string): RecordingError =>
  new RecordingError({
    code: 'RECORDING_NOT_VIEWABLE',
    status: 409,
    title: '录像暂不能查看',
    detail: '该录像尚未上传完成或未通过校验，暂不能查看。',
    context: { status },
  });

export const recordingChangedConcurrently = (recordingId: string): RecordingError =>
  new RecordingError({
    code: 'RECORDING_CHANGED_CONCURRENTLY',
    status: 409,
    title: '录像状态已变化',
    detail: '这段录像的状态刚被另一个请求改变，请刷新后重试。',
    context: { recordingId },
  });

/** The service learns of sessions from enrollment's events; until then it cannot tell who may upload. */
export const recordingSessionUnknown = (sessionId: string): RecordingError =>
  new RecordingError({
    code: 'RECORDING_SESSION_UNKNOWN',
    status: 404,
    title: '课次不存在',
    detail: `未找到课次（${sessionId}），或该课次已取消；刚获批的班次可能需要稍候片刻。`,
    context: { sessionId },
  });

/**
 * Art. 24 asks for one whole-session recording: once the session's completed recordings cover it
 * whole, nothing more is taken (a second "whole" recording would be a second, competing account of
 * the same hours). A verified recording is under Object Lock, so it is never rejected or removed later.
 */
export const recordingSessionAlreadyRecorded = (sessionId: string, completeAt: string | undefined): RecordingError =>
  new RecordingError({
    code: 'RECORDING_SESSION_ALREADY_RECORDED',
    status: 409,
    title: '本课次录像已完整',
    detail: `课次（${sessionId}）的全程录像已完整上传并存档${completeAt === undefined ? '' : `（${completeAt}）`}，不再受理该课次的新录像；已存档的录像不能删除；如确需替换，请申请替换并经审核同意后上传（第二十四条）。`,
    context: { sessionId, ...(completeAt === undefined ? {} : { completeAt }) },
  });

/** Only a completed recording that nothing has replaced yet can be asked to be replaced. */
export const recordingNotReplaceable = (recordingId: string, status: string, replaced: boolean): RecordingError =>
  new RecordingError({
    code: 'RECORDING_NOT_REPLACEABLE',
    status: 409,
    title: '该录像不能申请替换',
    detail: replaced
      ? '该录像已被替换，如需再次替换，请针对替换后的录像提出申请。'
      : '只有上传完成并存档的录像才能申请替换；未完成的上传可以直接取消或继续上传。',
    context: { recordingId, status },
  });

/** One replacement at a time per session: the open one must be decided or carried out first. */
export const recordingReplacementPending = (sessionId: string, requestId: string): RecordingError =>
  new RecordingError({
    code: 'RECORDING_REPLACEMENT_PENDING',
    status: 409,
    title: '本课次已有未办结的替换申请',
    detail: `本课次已有一项替换申请（${requestId}）尚未办结，请等待审核结果或完成已获批准的上传后再申请。`,
    context: { sessionId, requestId },
  });

export const recordingReplacementNotPending = (sessionId: string, requestId: string): RecordingError =>
  new RecordingError({
    code: 'RECORDING_REPLACEMENT_NOT_PENDING',
    status: 409,
    title: '没有待审核的该项替换申请',
    detail: `替换申请（${requestId}）不存在、不属于该录像，或已经审核过，请刷新后查看。`,
    context: { sessionId, requestId },
  });

export const recordingReplacementNotApproved = (requestId: string, status: string | undefined): RecordingError =>
  new RecordingError({
    code: 'RECORDING_REPLACEMENT_NOT_APPROVED',
    status: 409,
    title: '替换申请未获批准',
    detail: `替换申请（${requestId}）${status === 'rejected' ? '未获审核同意' : status === undefined ? '不存在' : '尚在审核中'}，不能上传替换录像。`,
    context: { requestId, status },
  });

/** An approval opens exactly one upload. */
export const recordingReplacementUsed = (requestId: string, uploadRecordingId: string | undefined): RecordingError =>
  new RecordingError({
    code: 'RECORDING_REPLACEMENT_USED',
    status: 409,
    title: '替换申请已使用',
    detail: `替换申请（${requestId}）已用于上传替换录像${uploadRecordingId === undefined ? '' : `（${uploadRecordingId}）`}，一次批准只能上传一段；如需继续，请上传该段录像或先取消它。`,
    context: { requestId, ...(uploadRecordingId === undefined ? {} : { uploadRecordingId }) },
  });
