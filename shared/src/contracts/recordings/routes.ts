import { defineRoute } from '../../http/route-contract';
import { recordingErrors } from './errors';
import {
  classCoverageResponseSchema,
  classParamsSchema,
  completeRecordingBodySchema,
  decideReplacementBodySchema,
  listReplacementRequestsResponseSchema,
  replacementRequestViewSchema,
  requestReplacementBodySchema,
  listRecordingsResponseSchema,
  partUrlsBodySchema,
  partUrlsResponseSchema,
  recordingParamsSchema,
  recordingViewSchema,
  sessionParamsSchema,
  startRecordingBodySchema,
  startRecordingResponseSchema,
  uploadedPartsResponseSchema,
  viewUrlResponseSchema,
} from './schemas';

const tags = ['全程录像'] as const;

export const startRecordingRoute = defineRoute({
  method: 'POST',
  path: '/sessions/{sessionId}/recordings',
  operationId: 'startRecordingUpload',
  idempotent: true,
  summary: '开始上传一段课次录像',
  tags,
  access: { institution: 'own-institution' },
  params: sessionParamsSchema,
  body: startRecordingBodySchema,
  response: { status: 201, schema: startRecordingResponseSchema },
  errors: recordingErrors(
    'VALIDATION_FAILED',
    'RECORDING_SESSION_UNKNOWN',
    'RECORDING_NOT_OWN_INSTITUTION',
    'RECORDING_NOT_REQUIRED',
    'RECORDING_EVIDENCE_INSTEAD',
    'RECORDING_EMPTY',
    'RECORDING_TOO_LARGE',
    'RECORDING_INVALID_TIME_RANGE',
    'RECORDING_OVERWRITE_REFUSED',
    'RECORDING_SESSION_ALREADY_RECORDED',
    'RECORDING_REPLACEMENT_NOT_APPROVED',
    'RECORDING_REPLACEMENT_USED',
  ),
});

export const listRecordingsRoute = defineRoute({
  method: 'GET',
  path: '/sessions/{sessionId}/recordings',
  operationId: 'listSessionRecordings',
  summary: '查看课次的录像及上传进度',
  tags,
  access: { institution: 'own-institution', reviewer: 'area', admin: 'any' },
  params: sessionParamsSchema,
  response: { status: 200, schema: listRecordingsResponseSchema },
  errors: recordingErrors('RECORDING_SESSION_UNKNOWN', 'RECORDING_NOT_OWN_INSTITUTION', 'RECORDING_VIEW_OUTSIDE_AREA'),
});

export const getRecordingRoute = defineRoute({
  method: 'GET',
  path: '/sessions/{sessionId}/recordings/{recordingId}',
  operationId: 'getRecording',
  summary: '查看一段录像的状态',
  tags,
  access: { institution: 'own-institution', reviewer: 'area', admin: 'any' },
  params: recordingParamsSchema,
  response: { status: 200, schema: recordingViewSchema },
  errors: recordingErrors('NOT_FOUND', 'RECORDING_NOT_OWN_INSTITUTION', 'RECORDING_VIEW_OUTSIDE_AREA'),
});

export const partUrlsRoute = defineRoute({
  method: 'POST',
  path: '/sessions/{sessionId}/recordings/{recordingId}/part-urls',
  operationId: 'signRecordingPartUrls',
  summary: '获取分片上传地址（可随时重新获取）',
  tags,
  access: { institution: 'own-institution' },
  params: recordingParamsSchema,
  body: partUrlsBodySchema,
  response: { status: 200, schema: partUrlsResponseSchema },
  errors: recordingErrors('NOT_FOUND', 'RECORDING_NOT_OWN_INSTITUTION', 'RECORDING_PART_RANGE_INVALID', 'RECORDING_ALREADY_COMPLETED', 'RECORDING_VERIFYING', 'RECORDING_UPLOAD_CLOSED'),
});

export const uploadedPartsRoute = defineRoute({
  method: 'GET',
  path: '/sessions/{sessionId}/recordings/{recordingId}/parts',
  operationId: 'listUploadedRecordingParts',
  summary: '查询已上传的分片（用于断点续传）',
  tags,
  access: { institution: 'own-institution' },
  params: recordingParamsSchema,
  response: { status: 200, schema: uploadedPartsResponseSchema },
  errors: recordingErrors('NOT_FOUND', 'RECORDING_NOT_OWN_INSTITUTION', 'RECORDING_UPLOAD_GONE'),
});

export const completeRecordingRoute = defineRoute({
  method: 'POST',
  path: '/sessions/{sessionId}/recordings/{recordingId}/complete',
  operationId: 'completeRecordingUpload',
  idempotent: true,
  summary: '提交录像：合并分片，随后校验大小、格式和校验值',
  tags,
  access: { institution: 'own-institution' },
  params: recordingParamsSchema,
  body: completeRecordingBodySchema,
  // 202 with status `verifying`: S3 has assembled the object, the checks run in the verifier; poll the recording.
  response: { status: 202, schema: recordingViewSchema },
  errors: recordingErrors(
    'NOT_FOUND',
    'RECORDING_NOT_OWN_INSTITUTION',
    'RECORDING_PARTS_MISSING',
    'RECORDING_PART_SIZE_MISMATCH',
    'RECORDING_ALREADY_COMPLETED',
    'RECORDING_UPLOAD_CLOSED',
    'RECORDING_UPLOAD_GONE',
    'RECORDING_OVERWRITE_REFUSED',
    'RECORDING_CHANGED_CONCURRENTLY',
    'RECORDING_SESSION_ALREADY_RECORDED',
  ),
});

export const abortRecordingRoute = defineRoute({
  method: 'DELETE',
  path: '/sessions/{sessionId}/recordings/{recordingId}',
  operationId: 'abortRecordingUpload',
  idempotent: true,
  summary: '取消未完成的上传',
  tags,
  access: { institution: 'own-institution' },
  params: recordingParamsSchema,
  response: { status: 200, schema: recordingViewSchema },
  errors: recordingErrors('NOT_FOUND', 'RECORDING_NOT_OWN_INSTITUTION', 'RECORDING_ALREADY_COMPLETED', 'RECORDING_VERIFYING', 'RECORDING_CHANGED_CONCURRENTLY'),
});

export const viewUrlRoute = defineRoute({
  method: 'POST',
  path: '/sessions/{sessionId}/recordings/{recordingId}/view-url',
  operationId: 'viewRecording',
  summary: '获取录像的限时观看地址（每次查看都会记录）',
  tags,
  access: { reviewer: 'area', admin: 'any' },
  params: recordingParamsSchema,
  response: { status: 200, schema: viewUrlResponseSchema },
  errors: recordingErrors('NOT_FOUND', 'RECORDING_VIEW_OUTSIDE_AREA', 'RECORDING_NOT_VIEWABLE'),
});

export const recordingCoverageRoute = defineRoute({
  method: 'GET',
  path: '/classes/{classId}/recording-coverage',
  operationId: 'classRecordingCoverage',
  summary: '查看班次各课次的录像覆盖情况（完整、部分、缺失）',
  tags,
  access: { institution: 'own-institution', reviewer: 'area', admin: 'any' },
  params: classParamsSchema,
  response: { status: 200, schema: classCoverageResponseSchema },
  errors: recordingErrors('NOT_FOUND', 'RECORDING_NOT_OWN_INSTITUTION', 'RECORDING_VIEW_OUTSIDE_AREA'),
});

/** Art. 24: a completed recording is replaced only through a request a reviewer of the area approves. */
export const requestReplacementRoute = defineRoute({
  method: 'POST',
  path: '/sessions/{sessionId}/recordings/{recordingId}/replacement-requests',
  operationId: 'requestRecordingReplacement',
  idempotent: true,
  summary: '申请替换已存档的课次录像（须说明原因，经审核同意后方可重新上传）',
  tags,
  access: { institution: 'own-institution' },
  params: recordingParamsSchema,
  body: requestReplacementBodySchema,
  response: { status: 201, schema: replacementRequestViewSchema },
  errors: recordingErrors('VALIDATION_FAILED', 'NOT_FOUND', 'RECORDING_SESSION_UNKNOWN', 'RECORDING_NOT_OWN_INSTITUTION', 'RECORDING_NOT_REPLACEABLE', 'RECORDING_REPLACEMENT_PENDING'),
});

export const decideReplacementRoute = defineRoute({
  method: 'POST',
  path: '/sessions/{sessionId}/recordings/{recordingId}/replacement-decision',
  operationId: 'decideRecordingReplacement',
  idempotent: true,
  summary: '审核录像替换申请（同意后可上传一段替换录像，原录像保留）',
  tags,
  access: { reviewer: 'area' },
  params: recordingParamsSchema,
  body: decideReplacementBodySchema,
  response: { status: 200, schema: replacementRequestViewSchema },
  errors: recordingErrors('VALIDATION_FAILED', 'RECORDING_SESSION_UNKNOWN', 'RECORDING_VIEW_OUTSIDE_AREA', 'RECORDING_REPLACEMENT_NOT_PENDING'),
});

export const listReplacementRequestsRoute = defineRoute({
  method: 'GET',
  path: '/sessions/{sessionId}/replacement-requests',
  operationId: 'listRecordingReplacementRequests',
  summary: '查看课次的录像替换申请及审核结果',
  tags,
  access: { institution: 'own-institution', reviewer: 'area', admin: 'any' },
  params: sessionParamsSchema,
  response: { status: 200, schema: listReplacementRequestsResponseSchema },
  errors: recordingErrors('RECORDING_SESSION_UNKNOWN', 'RECORDING_NOT_OWN_INSTITUTION', 'RECORDING_VIEW_OUTSIDE_AREA'),
});

export const recordingRoutes = [
  startRecordingRoute,
  listRecordingsRoute,
  getRecordingRoute,
  partUrlsRoute,
  uploadedPartsRoute,
  completeRecordingRoute,
  abortRecordingRoute,
  viewUrlRoute,
  recordingCoverageRoute,
  requestReplacementRoute,
  decideReplacementRoute,
  listReplacementRequestsRoute,
] as const;
