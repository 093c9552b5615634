import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { S3RecordingStore } from '../src/adapters/s3-multipart';
import type { SessionFacts } from '../src/app/start-upload';
import { ApiError, HttpRecordingsApi } from '../src/cli/api-client';
import { sha256File } from '../src/cli/file-hash';
import { uploadRecording, type UploaderEvent, type UploadOptions } from '../src/cli/uploader';
import type { Recording } from '../src/domain/recording';
import { RecordingError } from '../src/domain/errors';
import { writeFixture } from './support/files';
import { startTestS3, type TestS3 } from './support/s3-emulator';
import { startStubApi, type StubApi, type StubApiOptions } from './support/stub-recordings-api';

const MIB = 1024 * 1024;
const BUCKET = 'recordings-uploader-test';
const BIN = fileURLToPath(new URL('../bin/peixun-upload.js', import.meta.url));
const FAST_RETRY = { maxAttempts: 5, baseDelayMs: 5, maxDelayMs: 40 };

const session = (sessionId: string, recording: Partial<SessionFacts['recording']> = {}): SessionFacts => ({
  sessionId,
  classId: 'cls_1',
  institutionId: 'inst_a',
  areaCode: '520102',
  startsAt: '2025-03-03T08:30:00+08:00',
  endsAt: '2025-03-03T11:30:00+08:00',
  recording: { trainingType: 'EMPLOYMENT_LONG_TERM', secrecyWaiver: false, ...recording },
});

const SESSIONS = [
  session('ses_long'),
  session('ses_short', { trainingType: 'EMPLOYMENT_SHORT' }),
  session('ses_secret', { trainingType: 'ENTERPRISE_ON_JOB', secrecyWaiver: true }),
];
const CALLERS = { 'token-a': { sub: 'staff-a', institutionId: 'inst_a' }, 'token-b': { sub: 'staff-b', institutionId: 'inst_b' } };

let s3: TestS3;
let store: S3RecordingStore;
let api: StubApi;
let work: string;
let stateDir: string;

const stubOptions = (overrides: Partial<StubApiOptions> = {}): StubApiOptions => ({
  store,
  sessions: SESSIONS,
  callers: CALLERS,
  // 5 MiB parts (S3's minimum) keep fixtures small while still giving several parts.
  limits: { preferredPartBytes: 5 * MIB, maxObjectBytes: 64 * MIB },
  ...overrides,
});

beforeAll(async () => {
  s3 = await startTestS3();
  await s3.createBucket(BUCKET);
  store = new S3RecordingStore(s3.client, { bucket: BUCKET });
  api = await startStubApi(stubOptions());
});

afterAll(async () => {
  await api.stop();
  await s3.stop();
});

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'peixun-upload-test-'));
  stateDir = join(work, 'state');
});

afterEach(async () => {
  s3.release();
  await rm(work, { recursive: true, force: true });
});

const client = (target: StubApi = api, token = 'token-a'): HttpRecordingsApi =>
  new HttpRecordingsApi({ baseUrl: target.url, token, retry: FAST_RETRY });

const upload = (filePath: string, overrides: Partial<UploadOptions> = {}): ReturnType<typeof uploadRecording> =>
  uploadRecording({
    filePath,
    sessionId: 'ses_long',
    api: client(),
    apiUrl: api.url,
    stateDir,
    retry: FAST_RETRY,
    verifyPollMs: 50,
    ...overrides,
  });

async function fixture(name: string, size: number, header?: Buffer): Promise<string> {
  const path = join(work, name);
  await writeFixture(path, size, header);
  return path;
}

const storedPutsOf = (uploadId: string): Map<number, number> => {
  const counts = new Map<number, number>();
  for (const put of s3.partPuts) {
    if (put.uploadId === uploadId && put.status === 200) counts.set(put.partNumber, (counts.get(put.partNumber) ?? 0) + 1);
  }
  return counts;
};

const recordingOf = (target: StubApi, recordingId: string): Recording => {
  const recording = target.recordings.get(recordingId);
  if (recording === undefined) throw new Error(`no recording ${recordingId}`);
  return recording;
};

const latestRecording = (target: StubApi, fileName: string): Recording => {
  const found = [...target.recordings.values()].filter((r) => r.fileName === fileName).at(-1);
  if (found === undefined) throw new Error(`no recording for ${fileName}`);
  return found;
};

const until = async (condition: () => boolean, timeoutMs = 20_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

/** Lets requests already on the wire when the client died reach their end before S3 is inspected. */
const settled = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 300));

const errorCode = async (action: Promise<unknown>): Promise<string | undefined> => {
  try {
    await action;
    return undefined;
  } catch (error) {
    if (error instanceof ApiError || error instanceof RecordingError) return error.code;
    throw error;
  }
};

describe('uploader through the recordings API and the local S3', () => {
  it('Issue 5: a multi-part upload completes and the stored SHA-256 equals the source file', async () => {
    const file = await fixture('lesson.mp4', 23 * MIB + 321);
    const result = await upload(file, { recordedFrom: '2025-03-03T08:30:00+08:00', recordedTo: '2025-03-03T11:30:00+08:00' });

    const source = await sha256File(file);
    expect(result.recording.status).toBe('completed');
    expect(result.recording.partCount).toBe(5);
    expect(result.recording.sha256).toBe(source);
    expect(result.recording.container).toBe('mp4');
    const stored = recordingOf(api, result.recording.recordingId);
    expect(await store.sha256(stored.objectKey)).toBe(source);
    expect(result.partsSent).toBe(5);
    // Nothing left to resume: the local state is gone.
    expect(await readdir(stateDir)).toEqual([]);
  });

  it('Issue 5: a killed upload resumes without re-sending finished parts', async () => {
    const file = await fixture('killed.mp4', 40 * MIB);
    const before = s3.partPuts.filter((put) => put.status === 200).length;
    s3.refusePartPutsAfter(before + 3);
    const child = spawn(process.execPath, [BIN, file, '--session', 'ses_long', '--api', api.url, '--token', 'token-a', '--state-dir', stateDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    let childErr = '';
    child.stderr.on('data', (chunk: Buffer) => (childErr += chunk.toString()));
    await until(() => s3.partPuts.filter((put) => put.status === 200).length - before >= 3);
    expect(child.exitCode, childErr).toBeNull();
    child.kill('SIGKILL');
    await exited;
    await settled();
    s3.release();

    const interrupted = latestRecording(api, 'killed.mp4');
    const landed = await store.listParts({ key: interrupted.objectKey, uploadId: interrupted.uploadId });
    expect(landed.length).toBeGreaterThanOrEqual(3);
    expect(landed.length).toBeLessThan(interrupted.partCount);

    const events: UploaderEvent[] = [];
    const result = await upload(file, { onEvent: (event) => events.push(event) });
    expect(result.recording.recordingId).toBe(interrupted.recordingId);
    expect(result.recording.status).toBe('completed');
    expect(result.recording.sha256).toBe(await sha256File(file));
    expect(events).toContainEqual(expect.objectContaining({ type: 'resumed', via: 'state' }));
    expect(result.partsSkipped).toBe(landed.length);
    const puts = storedPutsOf(interrupted.uploadId);
    for (const part of landed) expect(puts.get(part.partNumber)).toBe(1);
    expect([...puts.values()].reduce((sum, count) => sum + count, 0)).toBe(interrupted.partCount);
  });

  it('Issue 5: with the local state lost, the upload resumes from the parts S3 already has', async () => {
    const file = await fixture('lost-state.mp4', 30 * MIB);
    s3.refusePartPutsAfter(s3.partPuts.filter((put) => put.status === 200).length + 2);
    const stop = new AbortController();
    let done = 0;
    const first = upload(file, {
      signal: stop.signal,
      onEvent: (event) => {
        if (event.type === 'part-done' && (done += 1) === 2) stop.abort();
      },
    });
    await expect(first).rejects.toMatchObject({ name: 'Interrupted' });
    await settled();
    s3.release();
    await rm(stateDir, { recursive: true, force: true });

    const interrupted = latestRecording(api, 'lost-state.mp4');
    const landed = await store.listParts({ key: interrupted.objectKey, uploadId: interrupted.uploadId });
    const events: UploaderEvent[] = [];
    const result = await upload(file, { onEvent: (event) => events.push(event) });
    expect(events).toContainEqual(expect.objectContaining({ type: 'resumed', via: 'server' }));
    expect(result.recording.recordingId).toBe(interrupted.recordingId);
    expect(result.recording.sha256).toBe(await sha256File(file));
    const puts = storedPutsOf(interrupted.uploadId);
    for (const part of landed) expect(puts.get(part.partNumber)).toBe(1);
  });

  it('Issue 5: expired part URLs are signed again and the upload goes on', async () => {
    // The first batch is signed 20 minutes in the past but announced as fresh: S3 refuses it.
    const stale = new S3RecordingStore(s3.client, { bucket: BUCKET, clock: () => new Date(Date.now() - 20 * 60_000) });
    const skewed = await startStubApi(stubOptions({ partUrlSigner: (call) => (call === 0 ? stale : undefined) }));
    try {
      const file = await fixture('expired.mp4', 16 * MIB);
      const refusalsBefore = s3.expiredRefusals();
      const events: UploaderEvent[] = [];
      const result = await upload(file, { api: client(skewed), apiUrl: skewed.url, onEvent: (event) => events.push(event) });
      expect(result.recording.status).toBe('completed');
      expect(s3.expiredRefusals()).toBeGreaterThan(refusalsBefore);
      expect(events.some((event) => event.type === 'url-rejected')).toBe(true);
      expect(skewed.calls.partUrls).toBeGreaterThanOrEqual(2);
      expect(result.recording.sha256).toBe(await sha256File(file));
    } finally {
      await skewed.stop();
    }
  });

  it('retries a part that S3 answers with 503 SlowDown, with backoff', async () => {
    const file = await fixture('busy.mp4', 11 * MIB);
    s3.failNextPartPuts(2);
    const events: UploaderEvent[] = [];
    const result = await upload(file, { onEvent: (event) => events.push(event) });
    expect(result.recording.status).toBe('completed');
    expect(events.filter((event) => event.type === 'retry')).toHaveLength(2);
  });

  it('Issue 5: a non-video file is refused at completion with RECORDING_NOT_VIDEO, and nothing is kept', async () => {
    const file = await fixture('notes.mp4', 6 * MIB, Buffer.from('%PDF-1.7\n'));
    expect(await errorCode(upload(file))).toBe('RECORDING_NOT_VIDEO');
    const refused = latestRecording(api, 'notes.mp4');
    expect(refused.status).toBe('rejected');
    expect(refused.refusalCode).toBe('RECORDING_NOT_VIDEO');
    expect(await store.objectSize(refused.objectKey)).toBeUndefined();
    expect(await readdir(stateDir)).toEqual([]);
  });

  it('Issue 5: an oversize file is refused at start with RECORDING_TOO_LARGE, before anything exists in S3', async () => {
    const file = join(work, 'huge.mp4');
    await writeFixture(file, 1024);
    await truncate(file, 64 * MIB + 1);
    const created = s3.uploadsCreated();
    expect(await errorCode(upload(file))).toBe('RECORDING_TOO_LARGE');
    expect(s3.uploadsCreated()).toBe(created);
  });

  it('Issue 5: a completed recording cannot be overwritten, re-opened or deleted', async () => {
    const file = await fixture('final.mp4', 6 * MIB);
    const { recording } = await upload(file);
    const stored = recordingOf(api, recording.recordingId);
    const school = client();
    expect(await errorCode(school.complete('ses_long', recording.recordingId, {}))).toBe('RECORDING_ALREADY_COMPLETED');
    expect(await errorCode(school.partUrls('ses_long', recording.recordingId, 1, 1))).toBe('RECORDING_ALREADY_COMPLETED');
    expect(await errorCode(school.abort('ses_long', recording.recordingId))).toBe('RECORDING_ALREADY_COMPLETED');
    expect(await errorCode(store.createUpload({ key: stored.objectKey, contentType: 'video/mp4', metadata: {} }))).toBe(
      'RECORDING_OVERWRITE_REFUSED',
    );
    expect(await store.sha256(stored.objectKey)).toBe(recording.sha256);
  });

  it('Issue 5: an upload by staff of another institution is refused with RECORDING_NOT_OWN_INSTITUTION', async () => {
    const file = await fixture('other.mp4', 1 * MIB);
    expect(await errorCode(upload(file, { api: client(api, 'token-b') }))).toBe('RECORDING_NOT_OWN_INSTITUTION');
  });

  it('Art. 24: uploads to a short course are refused; an enterprise class exempted for secrecy is told to give evidence', async () => {
    const file = await fixture('short.mp4', 1 * MIB);
    expect(await errorCode(upload(file, { sessionId: 'ses_short' }))).toBe('RECORDING_NOT_REQUIRED');
    expect(await errorCode(upload(file, { sessionId: 'ses_secret' }))).toBe('RECORDING_EVIDENCE_INSTEAD');
  });

  it('waits for a verification that the service runs apart from the request', async () => {
    const apart = await startStubApi(stubOptions({ verifyApart: true }));
    try {
      const file = await fixture('apart.mp4', 7 * MIB);
      const events: UploaderEvent[] = [];
      const result = await upload(file, { api: client(apart), apiUrl: apart.url, onEvent: (event) => events.push(event) });
      expect(events).toContainEqual({ type: 'verifying' });
      expect(result.recording.status).toBe('completed');
    } finally {
      await apart.stop();
    }
  });
});
