import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { recordingMissing, recordingUploaded, sessionCancelled, type ReplacementRequestView, type RecordingView, type StartRecordingResponse } from '@peixun/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_AWS } from '../../local/src/local-aws';
import { ViewLog } from '../../services/recordings/src/adapters/view-log';
import { RECORDINGS_ENV } from '../../services/recordings/src/config';
import { recordingObjectKey } from '../../services/recordings/src/domain/recording';
import { recordingsManifest } from '../../services/recordings/src/manifest';
import { MP4_HEADER, writeFixture } from '../../services/recordings/test/support/files';
import { envelopeOf } from './fixtures/enrollment-events';
import { approved, classSnapshot, session } from './fixtures/recording-classes';
import { useLocalRuntime, type TestResponse } from '../support/runtime';

const MIB = 1024 * 1024;
const DAY = 86_400_000;
const BUCKET = 'peixun-recordings-local';
const UPLOADER = fileURLToPath(new URL('../../services/recordings/bin/peixun-upload.js', import.meta.url));

const runtime = useLocalRuntime({
  manifests: [
    {
      ...recordingsManifest,
      // 5 MiB parts (S3's minimum) keep fixtures small yet several parts long; 2 s URLs expire within a test.
      config: { ...recordingsManifest.config, [RECORDINGS_ENV.preferredPartBytes]: String(5 * MIB), [RECORDINGS_ENV.partUrlTtlSeconds]: '2' },
    },
  ],
});

const now = Date.now();
const LONG = classSnapshot({
  classId: 'cls_rec_long',
  institutionId: 'ins_demo',
  trainingType: 'EMPLOYMENT_LONG_TERM',
  // One session per test that completes a recording: a session whose recording is complete takes no other (Art. 24).
  sessions: [
    session('ses_rec_today', new Date(now - 3 * 3_600_000)),
    session('ses_rec_resume', new Date(now - 30 * 3_600_000)),
    session('ses_rec_rejected', new Date(now - 26 * 3_600_000)),
    session('ses_rec_locked', new Date(now - 22 * 3_600_000)),
    session('ses_rec_halves', new Date(now - 18 * 3_600_000)),
    session('ses_rec_replace', new Date(now - 14 * 3_600_000)),
    session('ses_rec_old_missing', new Date(now - 5 * DAY)),
    session('ses_rec_old_cancelled', new Date(now - 6 * DAY)),
    session('ses_rec_future', new Date(now + 2 * DAY)),
  ],
});
const SHORT = classSnapshot({ classId: 'cls_rec_short', institutionId: 'ins_demo', trainingType: 'EMPLOYMENT_SHORT', sessions: [session('ses_rec_short', new Date(now))] });

let work: string;
let s3: S3Client;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'peixun-rec-e2e-'));
  s3 = new S3Client({ ...LOCAL_AWS, endpoint: runtime().urls.s3, forcePathStyle: true });
  runtime().bus.publish(approved(LONG));
  runtime().bus.publish(approved(SHORT));
  runtime().bus.publish(envelopeOf(sessionCancelled, { classId: LONG.classId, classVersion: 2, sessionId: 'ses_rec_old_cancelled', cancelledAt: LONG.sessions[0]?.startsAt ?? '', reason: '教室停电' }));
  await runtime().bus.settled();
});
afterAll(async () => {
  s3.destroy();
  await rm(work, { recursive: true, force: true });
});

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const codeOf = (response: TestResponse): unknown => (response.body as { code?: unknown }).code;
const base = (sessionId: string): string => `/sessions/${sessionId}/recordings`;

async function start(sessionId: string, bytes: Uint8Array, as = 'school1', extra: Record<string, unknown> = {}): Promise<TestResponse> {
  return runtime().request('POST', base(sessionId), { as, body: { fileName: '第一课.mp4', size: bytes.length, contentType: 'video/mp4', ...extra } });
}

async function partUrls(sessionId: string, recordingId: string, from: number, to: number): Promise<Map<number, string>> {
  const response = await runtime().request('POST', `${base(sessionId)}/${recordingId}/part-urls`, { as: 'school1', body: { from, to } });
  expect(response.status).toBe(200);
  const { urls } = response.body as { urls: Array<{ partNumber: number; url: string }> };
  return new Map(urls.map((entry) => [entry.partNumber, entry.url]));
}

const partOf = (bytes: Uint8Array, partSize: number, partNumber: number): Uint8Array =>
  bytes.subarray((partNumber - 1) * partSize, Math.min(bytes.length, partNumber * partSize));

async function put(url: string, body: Uint8Array): Promise<Response> {
  return fetch(url, { method: 'PUT', body: new Uint8Array(body) });
}

async function storedSha256(key: string): Promise<string> {
  const stored = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  if (stored.Body === undefined) throw new Error(`no body for ${key}`);
  return sha256(await stored.Body.transformToByteArray());
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const recordingNow = async (sessionId: string, recordingId: string): Promise<RecordingView> =>
  (await runtime().request('GET', `${base(sessionId)}/${recordingId}`, { as: 'school1' })).body as RecordingView;

/** Completes and waits for the verifier's verdict. */
async function completeAndSettle(sessionId: string, recordingId: string): Promise<RecordingView> {
  const response = await runtime().request('POST', `${base(sessionId)}/${recordingId}/complete`, { as: 'school1', body: {} });
  expect(response.status, JSON.stringify(response.body)).toBe(202);
  expect((response.body as RecordingView).status).toBe('verifying');
  return until(() => recordingNow(sessionId, recordingId), (recording) => recording.status !== 'verifying');
}

/** Starts, uploads in one part and completes; returns the id once verified. */
async function uploadWhole(sessionId: string, bytes: Uint8Array, extra: Record<string, unknown>): Promise<string> {
  const started = await start(sessionId, bytes, 'school1', extra);
  expect(started.status, JSON.stringify(started.body)).toBe(201);
  const { recordingId, partSize } = started.body as StartRecordingResponse;
  const urls = await partUrls(sessionId, recordingId, 1, 1);
  expect((await put(urls.get(1) ?? '', partOf(bytes, partSize, 1))).status).toBe(200);
  expect(await completeAndSettle(sessionId, recordingId)).toMatchObject({ status: 'completed' });
  return recordingId;
}

async function s3Status(promise: Promise<unknown>): Promise<number | undefined> {
  try {
    await promise;
    return 200;
  } catch (error) {
    if (error instanceof S3ServiceException) return error.$metadata.httpStatusCode;
    throw error;
  }
}

describe('recordings through the HTTP API and the local S3 (Issue 5)', () => {
  it('the command-line uploader uploads a multi-part recording; the stored bytes hash to the source', async () => {
    const file = join(work, 'lesson.mp4');
    await writeFixture(file, 12 * MIB + 123, MP4_HEADER);
    const token = await runtime().issuer.tokenFor('school1');
    const child = spawn(
      process.execPath,
      [UPLOADER, file, '--session', 'ses_rec_today', '--api', runtime().urls.api, '--token', token, '--state-dir', join(work, 'state'), '--json'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code, err).toBe(0);
    const result = JSON.parse(out) as RecordingView;
    const source = await readFile(file);
    expect(result).toMatchObject({ status: 'completed', size: source.length, sha256: sha256(source), container: 'mp4' });

    expect(await storedSha256(recordingObjectKey(LONG.classId, 'ses_rec_today', result.recordingId))).toBe(sha256(source));
    const uploaded = await runtime().bus.waitFor(recordingUploaded.pattern);
    expect(uploaded.detail).toMatchObject({ recordingId: result.recordingId, sessionId: 'ses_rec_today', approvingAreaCode: '520102', sha256: sha256(source) });
  }, 60_000);

  it('a killed upload resumes from the parts S3 lists, finished parts are not sent again; expired part URLs are signed again', async () => {
    const bytes = Buffer.concat([MP4_HEADER, randomBytes(11 * MIB)]);
    const started = await start('ses_rec_resume', bytes, 'school1', { fileName: '第二段.mp4' });
    expect(started.status).toBe(201);
    const { recordingId, partSize, partCount } = started.body as StartRecordingResponse;
    expect(partCount).toBe(3);
    const first = await partUrls('ses_rec_resume', recordingId, 1, 3);
    for (const partNumber of [1, 2]) expect((await put(first.get(partNumber) ?? '', partOf(bytes, partSize, partNumber))).status).toBe(200);

    // The client dies here and forgets everything; the server still knows what S3 holds.
    const listed = await runtime().request('GET', `${base('ses_rec_resume')}/${recordingId}/parts`, { as: 'school1' });
    expect((listed.body as { parts: Array<{ partNumber: number; size: number }> }).parts.map((p) => [p.partNumber, p.size])).toEqual([
      [1, partSize],
      [2, partSize],
    ]);

    // Meanwhile the remembered URL for part 3 has expired: S3 refuses it, a fresh one works.
    await new Promise((resolve) => setTimeout(resolve, 3_100));
    expect((await put(first.get(3) ?? '', partOf(bytes, partSize, 3))).status).toBe(403);
    const fresh = await partUrls('ses_rec_resume', recordingId, 3, 3);
    expect((await put(fresh.get(3) ?? '', partOf(bytes, partSize, 3))).status).toBe(200);

    const done = await completeAndSettle('ses_rec_resume', recordingId);
    expect(done).toMatchObject({ status: 'completed', sha256: sha256(bytes) });
  }, 30_000);

  it('refuses with stable codes: another institution, an exempt class, over the size limit, and a non-video file', async () => {
    const small = Buffer.concat([MP4_HEADER, randomBytes(1024)]);
    const other = await start('ses_rec_today', small, 'school2');
    expect([other.status, codeOf(other)]).toEqual([403, 'RECORDING_NOT_OWN_INSTITUTION']);
    const exempt = await start('ses_rec_short', small);
    expect([exempt.status, codeOf(exempt)]).toEqual([409, 'RECORDING_NOT_REQUIRED']);
    const huge = await runtime().request('POST', base('ses_rec_today'), { as: 'school1', body: { fileName: 'a.mp4', size: 21 * 1024 ** 3 } });
    expect([huge.status, codeOf(huge)]).toEqual([413, 'RECORDING_TOO_LARGE']);
    const notVideoType = await runtime().request('POST', base('ses_rec_today'), {
      as: 'school1',
      body: { fileName: 'a.pdf', size: 10, contentType: 'application/pdf' },
    });
    expect([notVideoType.status, codeOf(notVideoType)]).toEqual([400, 'VALIDATION_FAILED']);

    // A file that claims to be video but is not: refused by the verifier after assembly, its object removed.
    const text = Buffer.from('这不是视频文件。'.repeat(64));
    const started = await start('ses_rec_rejected', text, 'school1', { fileName: '说明.mp4' });
    const { recordingId, partSize } = started.body as StartRecordingResponse;
    const urls = await partUrls('ses_rec_rejected', recordingId, 1, 1);
    expect((await put(urls.get(1) ?? '', partOf(text, partSize, 1))).status).toBe(200);
    const refused = await completeAndSettle('ses_rec_rejected', recordingId);
    expect(refused).toMatchObject({ status: 'rejected', refusalCode: 'RECORDING_NOT_VIDEO' });
    const key = recordingObjectKey(LONG.classId, 'ses_rec_rejected', recordingId);
    expect(await s3Status(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key })))).toBe(404);
    // A rejected recording leaves the session unrecorded: another one is taken (and dropped here).
    const retry = await start('ses_rec_rejected', Buffer.concat([MP4_HEADER, randomBytes(1024)]));
    expect(retry.status, JSON.stringify(retry.body)).toBe(201);
    const { recordingId: retryId } = retry.body as StartRecordingResponse;
    expect((await runtime().request('DELETE', `${base('ses_rec_rejected')}/${retryId}`, { as: 'school1' })).status).toBe(200);
  }, 30_000);

  it('a completed recording cannot be overwritten, re-opened or deleted, through the API or straight in S3', async () => {
    const bytes = Buffer.concat([MP4_HEADER, randomBytes(2 * MIB)]);
    const { recordingId, partSize } = (await start('ses_rec_locked', bytes, 'school1', { fileName: '第三段.mp4' })).body as StartRecordingResponse;
    const urls = await partUrls('ses_rec_locked', recordingId, 1, 1);
    expect((await put(urls.get(1) ?? '', partOf(bytes, partSize, 1))).status).toBe(200);
    expect(await completeAndSettle('ses_rec_locked', recordingId)).toMatchObject({ status: 'completed' });

    const again = await runtime().request('POST', `${base('ses_rec_locked')}/${recordingId}/part-urls`, { as: 'school1', body: { from: 1, to: 1 } });
    expect([again.status, codeOf(again)]).toEqual([409, 'RECORDING_ALREADY_COMPLETED']);
    const abort = await runtime().request('DELETE', `${base('ses_rec_locked')}/${recordingId}`, { as: 'school1' });
    expect([abort.status, codeOf(abort)]).toEqual([409, 'RECORDING_ALREADY_COMPLETED']);

    const key = recordingObjectKey(LONG.classId, 'ses_rec_locked', recordingId);
    expect(await s3Status(s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: 'replaced' })))).toBe(403);
    expect(await s3Status(s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: key })))).toBe(403);
    expect(await storedSha256(key)).toBe(sha256(bytes));
  }, 30_000);

  it('Art. 24: a second recording for a session whose recording is complete is refused with a code and a Chinese reason; segments are taken until it is', async () => {
    const small = Buffer.concat([MP4_HEADER, randomBytes(1024)]);
    // ses_rec_today was recorded whole by the command-line uploader above.
    const second = await start('ses_rec_today', small, 'school1', { fileName: '第二份.mp4' });
    expect([second.status, codeOf(second)]).toEqual([409, 'RECORDING_SESSION_ALREADY_RECORDED']);
    expect((second.body as { detail: string }).detail).toContain('不再受理');
    const listed = (await runtime().request('GET', base('ses_rec_today'), { as: 'school1' })).body as { recordings: RecordingView[] };
    expect(listed.recordings.filter((recording) => recording.fileName === '第二份.mp4')).toEqual([]);

    // Recorded in two halves: the first half leaves room for the second, after which the session is closed.
    const { startsAt, endsAt } = LONG.sessions.find((candidate) => candidate.sessionId === 'ses_rec_halves') ?? { startsAt: '', endsAt: '' };
    const middle = new Date((Date.parse(startsAt) + Date.parse(endsAt)) / 2).toISOString();
    for (const [recordedFrom, recordedTo] of [
      [startsAt, middle],
      [middle, endsAt],
    ]) {
      const started = await start('ses_rec_halves', small, 'school1', { recordedFrom, recordedTo });
      expect(started.status, JSON.stringify(started.body)).toBe(201);
      const { recordingId, partSize } = started.body as StartRecordingResponse;
      const urls = await partUrls('ses_rec_halves', recordingId, 1, 1);
      expect((await put(urls.get(1) ?? '', partOf(small, partSize, 1))).status).toBe(200);
      expect(await completeAndSettle('ses_rec_halves', recordingId)).toMatchObject({ status: 'completed' });
    }
    const third = await start('ses_rec_halves', small);
    expect([third.status, codeOf(third)]).toEqual([409, 'RECORDING_SESSION_ALREADY_RECORDED']);
  }, 30_000);

  it('Art. 24: a completed recording is replaced only through a reviewer-approved request; the first stays in the bucket, listed as replaced, and coverage counts the new one', async () => {
    const SES = 'ses_rec_replace';
    const first = Buffer.concat([MP4_HEADER, randomBytes(1024)]);
    const firstId = await uploadWhole(SES, first, { fileName: '原录像.mp4' });

    // Without approval: refused, as any second recording of a recorded session.
    const unapproved = await start(SES, first, 'school1', { fileName: '替换.mp4' });
    expect([unapproved.status, codeOf(unapproved)]).toEqual([409, 'RECORDING_SESSION_ALREADY_RECORDED']);
    const forged = await start(SES, first, 'school1', { replacementRequestId: 'rpl_forged' });
    expect([forged.status, codeOf(forged)]).toEqual([409, 'RECORDING_REPLACEMENT_NOT_APPROVED']);

    // The school asks, with its reason; the same request sent again answers the open one.
    const reason = '原录像第二十分钟起画面花屏，现提交摄像机内存卡中的完整原始文件。';
    const replacementPath = `${base(SES)}/${firstId}/replacement-requests`;
    const asked = await runtime().request('POST', replacementPath, { as: 'school1', body: { reason } });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    const request = asked.body as ReplacementRequestView;
    expect(request).toMatchObject({ status: 'requested', recordingId: firstId, requestedBy: 'school1', reason });
    const retried = await runtime().request('POST', replacementPath, { as: 'school1', body: { reason } });
    expect([retried.status, (retried.body as ReplacementRequestView).requestId]).toEqual([201, request.requestId]);
    const keyed: TestResponse[] = [];
    for (const _ of [1, 2]) keyed.push(await runtime().request('POST', replacementPath, { as: 'school1', body: { reason }, headers: { 'Idempotency-Key': 'replace-ses-rec-replace-1' } }));
    expect(keyed.map((answer) => [answer.status, (answer.body as ReplacementRequestView).requestId])).toEqual([
      [201, request.requestId],
      [201, request.requestId],
    ]);
    const another = await runtime().request('POST', replacementPath, { as: 'school1', body: { reason: '另一个原因：换一段更清晰的。' } });
    expect([another.status, codeOf(another)]).toEqual([409, 'RECORDING_REPLACEMENT_PENDING']);
    const tooShort = await runtime().request('POST', replacementPath, { as: 'school1', body: { reason: '  ' } });
    expect([tooShort.status, codeOf(tooShort)]).toEqual([400, 'VALIDATION_FAILED']);

    // Not approved yet: no upload. Only a reviewer of the class's area decides; the school cannot.
    const early = await start(SES, first, 'school1', { replacementRequestId: request.requestId });
    expect([early.status, codeOf(early)]).toEqual([409, 'RECORDING_REPLACEMENT_NOT_APPROVED']);
    const decisionPath = `${base(SES)}/${firstId}/replacement-decision`;
    const approve = (note: string, as = 'reviewer1') => runtime().request('POST', decisionPath, { as, body: { requestId: request.requestId, decision: 'APPROVE', note } });
    expect((await approve('同意替换。', 'school1')).status).toBe(403);
    const outside = await approve('同意替换。', 'reviewer2');
    expect([outside.status, codeOf(outside)]).toEqual([403, 'RECORDING_VIEW_OUTSIDE_AREA']);

    // Two approvals at once: one decision is recorded, both answer it.
    const approvals = await Promise.all([approve('核实花屏属实，同意替换。'), approve('同意替换（重复提交）。')]);
    expect(approvals.map((answer) => answer.status)).toEqual([200, 200]);
    const [a, b] = approvals.map((answer) => answer.body as ReplacementRequestView);
    expect(a).toEqual(b);
    expect(a).toMatchObject({ status: 'approved', decidedBy: 'reviewer1' });
    const rejectAfter = await runtime().request('POST', decisionPath, { as: 'reviewer1', body: { requestId: request.requestId, decision: 'REJECT', note: '改为不同意。' } });
    expect([rejectAfter.status, codeOf(rejectAfter)]).toEqual([409, 'RECORDING_REPLACEMENT_NOT_PENDING']);

    // Two uploads under one approval at once: one opens. Aborting it gives the approval back.
    const second = Buffer.concat([MP4_HEADER, randomBytes(2048)]);
    const racing = await Promise.all([1, 2].map(() => start(SES, second, 'school1', { fileName: '替换录像.mp4', replacementRequestId: request.requestId })));
    expect(racing.map((answer) => answer.status).sort()).toEqual([201, 409]);
    expect(racing.map(codeOf).filter((code) => code !== undefined)).toEqual(['RECORDING_REPLACEMENT_USED']);
    const opened = racing.find((answer) => answer.status === 201)?.body as StartRecordingResponse;
    expect((await runtime().request('DELETE', `${base(SES)}/${opened.recordingId}`, { as: 'school1' })).status).toBe(200);
    const replacementId = await uploadWhole(SES, second, { fileName: '替换录像.mp4', replacementRequestId: request.requestId });

    // The new recording is current; the first is kept, untouched, and listed as replaced with who, when and why.
    const listed = ((await runtime().request('GET', base(SES), { as: 'reviewer1' })).body as { recordings: RecordingView[] }).recordings;
    const byId = new Map(listed.map((recording) => [recording.recordingId, recording]));
    expect(byId.get(replacementId)).toMatchObject({ status: 'completed', replaces: firstId });
    expect(byId.get(replacementId)?.replaced).toBeUndefined();
    expect(byId.get(firstId)).toMatchObject({
      status: 'completed',
      replaced: { byRecordingId: replacementId, requestId: request.requestId, reason, requestedBy: 'school1', approvedBy: 'reviewer1', approvalNote: a?.decisionNote },
    });
    expect(await storedSha256(recordingObjectKey(LONG.classId, SES, firstId))).toBe(sha256(first));
    expect(await storedSha256(recordingObjectKey(LONG.classId, SES, replacementId))).toBe(sha256(second));
    const requests = ((await runtime().request('GET', `/sessions/${SES}/replacement-requests`, { as: 'school1' })).body as { requests: ReplacementRequestView[] }).requests;
    expect(requests).toEqual([expect.objectContaining({ requestId: request.requestId, status: 'completed', uploadRecordingId: replacementId })]);
    const coverage = (await runtime().request('GET', `/classes/${LONG.classId}/recording-coverage`, { as: 'reviewer1' })).body as { sessions: Array<{ sessionId: string; status: string; completedSegments: number }> };
    expect(coverage.sessions.find((entry) => entry.sessionId === SES)).toMatchObject({ status: 'complete', completedSegments: 1 });

    // The approval is spent, the first can't be replaced again; the replacement itself may be, by a new request.
    const reused = await start(SES, second, 'school1', { replacementRequestId: request.requestId });
    expect([reused.status, codeOf(reused)]).toEqual([409, 'RECORDING_REPLACEMENT_USED']);
    const again = await runtime().request('POST', replacementPath, { as: 'school1', body: { reason } });
    expect([again.status, codeOf(again)]).toEqual([409, 'RECORDING_NOT_REPLACEABLE']);
    const next = await runtime().request('POST', `${base(SES)}/${replacementId}/replacement-requests`, { as: 'school1', body: { reason: '再次替换的试探申请。' } });
    expect(next.status).toBe(201);
    const rejected = await runtime().request('POST', `${base(SES)}/${replacementId}/replacement-decision`, {
      as: 'reviewer1',
      body: { requestId: (next.body as ReplacementRequestView).requestId, decision: 'REJECT', note: '理由不充分，不同意替换。' },
    });
    expect(rejected.body).toMatchObject({ status: 'rejected', decisionNote: '理由不充分，不同意替换。' });
    const refusedUpload = await start(SES, second, 'school1', { replacementRequestId: (next.body as ReplacementRequestView).requestId });
    expect([refusedUpload.status, codeOf(refusedUpload)]).toEqual([409, 'RECORDING_REPLACEMENT_NOT_APPROVED']);
  }, 60_000);

  it('a reviewer of the class area gets a short-lived link that serves byte ranges, and the viewing is logged', async () => {
    const listed = await runtime().request('GET', base('ses_rec_today'), { as: 'reviewer1' });
    expect(listed.status).toBe(200);
    const completed = (listed.body as { recordings: RecordingView[] }).recordings.find((recording) => recording.status === 'completed');
    const recordingId = completed?.recordingId ?? '';

    const refused = await runtime().request('POST', `${base('ses_rec_today')}/${recordingId}/view-url`, { as: 'school1' });
    expect([refused.status, codeOf(refused)]).toEqual([403, 'FORBIDDEN']);
    const link = await runtime().request('POST', `${base('ses_rec_today')}/${recordingId}/view-url`, { as: 'reviewer1' });
    expect(link.status).toBe(200);
    const ranged = await fetch((link.body as { url: string }).url, { headers: { range: 'bytes=0-7' } });
    expect(ranged.status).toBe(206);
    expect(Buffer.from(await ranged.arrayBuffer())).toEqual(MP4_HEADER.subarray(0, 8));

    const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ ...LOCAL_AWS, endpoint: runtime().urls.dynamodb }));
    const log = await new ViewLog(documents, 'peixun-recordings').ofRecording('ses_rec_today', recordingId);
    documents.destroy();
    expect(log).toEqual([expect.objectContaining({ recordingId, viewerUsername: 'reviewer1', objectKey: recordingObjectKey(LONG.classId, 'ses_rec_today', recordingId) })]);
  });

  it('Art. 24: the schedule raises Recording.Missing once for an ended, unrecorded session past the grace period — not for cancelled or future ones', async () => {
    const first = await runtime().schedules.trigger('recordings', 'missing-recordings');
    expect(first).toMatchObject({ missing: 1 });
    // The event leaves through the outbox: the relay puts it on the bus shortly after the run.
    await runtime().bus.waitFor({ ...recordingMissing.pattern, detail: { sessionId: ['ses_rec_old_missing'] } });
    const missing = runtime().bus.events.filter((event) => event['detail-type'] === recordingMissing.detailType);
    expect(missing.map((event) => (event.detail as { sessionId: string }).sessionId)).toEqual(['ses_rec_old_missing']);
    expect(await runtime().schedules.trigger('recordings', 'missing-recordings')).toMatchObject({ checked: 0, missing: 0 });
  });

  it('coverage per class: recorded, missing, and sessions Art. 24 does not ask to film left out', async () => {
    const response = await runtime().request('GET', `/classes/${LONG.classId}/recording-coverage`, { as: 'reviewer1' });
    expect(response.status).toBe(200);
    const body = response.body as { sessions: Array<{ sessionId: string; status: string }>; counts: Record<string, number> };
    expect(body.sessions.map((s) => [s.sessionId, s.status])).toEqual([
      ['ses_rec_old_missing', 'missing'],
      ['ses_rec_resume', 'complete'],
      ['ses_rec_rejected', 'missing'],
      ['ses_rec_locked', 'complete'],
      ['ses_rec_halves', 'complete'],
      ['ses_rec_replace', 'complete'],
      // Uploaded without --from/--to and with no duration in the file's header: dated as the whole
      // session (issue 16; the uploader says so before it starts).
      ['ses_rec_today', 'complete'],
      ['ses_rec_future', 'missing'],
    ]);
    const other = await runtime().request('GET', `/classes/${LONG.classId}/recording-coverage`, { as: 'school2' });
    expect([other.status, codeOf(other)]).toEqual([403, 'RECORDING_NOT_OWN_INSTITUTION']);
  });
});
