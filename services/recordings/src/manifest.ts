import { fileURLToPath } from 'node:url';
import {
  abortRecordingRoute,
  classApproved,
  classChanged,
  completeRecordingRoute,
  decideReplacementRoute,
  defineService,
  getRecordingRoute,
  listRecordingsRoute,
  listReplacementRequestsRoute,
  outboxRelayFunction,
  partUrlsRoute,
  recordingAssembled,
  recordingCoverageRoute,
  requestReplacementRoute,
  sessionCancelled,
  sessionScheduled,
  startRecordingRoute,
  uploadedPartsRoute,
  viewUrlRoute,
} from '@peixun/shared';
import { RECORDINGS_ENV } from './config';

const entry = (file: string): string => fileURLToPath(new URL(`./handlers/${file}`, import.meta.url));

/**
 * Governance-mode Object Lock on every recording for this long (the bucket default), renewed from
 * the verification time by the service. *(practice)* Supervision may reach back several years.
 */
const RETENTION_DAYS = 5 * 365;

/** Session videos: `recordings/<classId>/<sessionId>/<recordingId>`. */
const RECORDINGS = 'recordings/';
/** Idempotent routes keep their answers in the table, sealed with the PII key. */
const idempotent = { table: 'readwrite', piiKey: true } as const;

/** Recordings: whole-session video (全程录像, Art. 24), uploaded straight to S3 in parts. */
export const recordingsManifest = defineService({
  name: 'recordings',
  functions: {
    relayOutbox: outboxRelayFunction,
    // Reads too: it checks the key holds no object before opening the upload (HeadObject).
    startRecording: { entry: entry('start-recording.ts'), description: '开始上传课次录像', timeoutSeconds: 10, access: { ...idempotent, bucket: { read: [RECORDINGS], write: [RECORDINGS] } } },
    signPartUrls: { entry: entry('part-urls.ts'), description: '签发分片上传地址', timeoutSeconds: 10, access: { table: 'readwrite', bucket: { write: [RECORDINGS] } } },
    listUploadedParts: { entry: entry('uploaded-parts.ts'), description: '查询已上传分片', timeoutSeconds: 10, access: { table: 'read', bucket: { read: [RECORDINGS] } } },
    completeRecording: { entry: entry('complete-recording.ts'), description: '合并分片并提交校验', timeoutSeconds: 29, access: { ...idempotent, bucket: { read: [RECORDINGS], write: [RECORDINGS] } } },
    abortRecording: { entry: entry('abort-recording.ts'), description: '取消未完成的上传', timeoutSeconds: 10, access: { ...idempotent, bucket: { write: [RECORDINGS] } } },
    listRecordings: { entry: entry('list-recordings.ts'), description: '查看课次录像', timeoutSeconds: 10, access: { table: 'read' } },
    getRecording: { entry: entry('get-recording.ts'), description: '查看一段录像', timeoutSeconds: 5, access: { table: 'read' } },
    viewRecording: { entry: entry('view-url.ts'), description: '签发录像观看地址并记录查看', timeoutSeconds: 10, access: { table: 'readwrite', bucket: { read: [RECORDINGS] } } },
    recordingCoverage: { entry: entry('coverage.ts'), description: '班次录像覆盖情况', timeoutSeconds: 10, access: { table: 'read' } },
    requestReplacement: { entry: entry('request-replacement.ts'), description: '申请替换已存档的录像', timeoutSeconds: 10, access: idempotent },
    decideReplacement: { entry: entry('decide-replacement.ts'), description: '审核录像替换申请', timeoutSeconds: 10, access: idempotent },
    listReplacements: { entry: entry('list-replacements.ts'), description: '查看录像替换申请', timeoutSeconds: 5, access: { table: 'read' } },
    projectSessions: { entry: entry('project-sessions.ts'), description: '同步班次课次信息', timeoutSeconds: 30, access: { table: 'readwrite' } },
    // Reads the whole object once to hash it: at ~100 MB/s a 20 GiB recording needs minutes.
    verifyRecording: {
      entry: entry('verify-recording.ts'),
      description: '校验录像大小、格式和校验值',
      memoryMb: 512,
      timeoutSeconds: 900,
      // The hash reads gigabytes through 64 KiB socket buffers that live until the next scavenge; a
      // 1 MB young generation scavenges often enough to keep ~80 MB of spent buffers from piling up.
      nodeOptions: ['--max-semi-space-size=1'],
      access: { table: 'readwrite', bucket: { read: [RECORDINGS], write: [RECORDINGS], delete: [RECORDINGS] } },
    },
    detectMissingRecordings: { entry: entry('detect-missing.ts'), description: '发现缺失的课次录像', timeoutSeconds: 60, access: { table: 'readwrite' } },
  },
  routes: [
    { contract: startRecordingRoute, function: 'startRecording' },
    { contract: partUrlsRoute, function: 'signPartUrls' },
    { contract: uploadedPartsRoute, function: 'listUploadedParts' },
    { contract: completeRecordingRoute, function: 'completeRecording' },
    { contract: abortRecordingRoute, function: 'abortRecording' },
    { contract: listRecordingsRoute, function: 'listRecordings' },
    { contract: getRecordingRoute, function: 'getRecording' },
    { contract: viewUrlRoute, function: 'viewRecording' },
    { contract: recordingCoverageRoute, function: 'recordingCoverage' },
    { contract: requestReplacementRoute, function: 'requestReplacement' },
    { contract: decideReplacementRoute, function: 'decideReplacement' },
    { contract: listReplacementRequestsRoute, function: 'listReplacements' },
  ],
  subscriptions: [
    { name: 'class-sessions', events: [classApproved, classChanged, sessionScheduled, sessionCancelled], function: 'projectSessions' },
    { name: 'assembled-recordings', events: [recordingAssembled], function: 'verifyRecording' },
  ],
  schedules: [{ name: 'missing-recordings', function: 'detectMissingRecordings', rate: 'rate(1 hour)' }],
  resources: {
    table: { indexes: ['gsi1', 'gsi2'], outbox: { function: 'relayOutbox' } },
    bucket: {
      objectLock: { retentionDays: RETENTION_DAYS },
      lifecycle: { infrequentAccessAfterDays: 30, glacierAfterDays: 180, abortIncompleteUploadsAfterDays: 7 },
      browserUploads: true,
    },
    publishesEvents: true,
    /** No personal data of its own, but the answers it keeps for `Idempotency-Key` are sealed with it. */
    piiKey: true,
  },
  config: {
    [RECORDINGS_ENV.retentionDays]: String(RETENTION_DAYS),
  },
});
