import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3RecordingStore } from '../src/adapters/s3-multipart';
import { recordedTimes, type SessionFacts } from '../src/app/start-upload';
import { defaultApiUrl } from '../src/cli/main';
import { mp4DurationSeconds } from '../src/cli/mp4-duration';
import { writeFixture } from './support/files';
import { mp4Lasting } from './support/mp4';
import { startTestS3, type TestS3 } from './support/s3-emulator';
import { startStubApi, type StubApi } from './support/stub-recordings-api';

/**
 * The uploader's defaults: it finds the local runtime by `PEIXUN_API_PORT` like the token CLI, and
 * a recording sent without `--from/--to` is dated by its session (for the video's own length when
 * the MP4 header gives it) instead of staying undated and uncounted.
 */
const BIN = fileURLToPath(new URL('../bin/peixun-upload.js', import.meta.url));
const session: SessionFacts = {
  sessionId: 'ses_am',
  classId: 'cls_1',
  institutionId: 'inst_a',
  areaCode: '520102',
  startsAt: '2026-12-03T09:00:00+08:00',
  endsAt: '2026-12-03T12:00:00+08:00',
  recording: { trainingType: 'EMPLOYMENT_LONG_TERM', secrecyWaiver: false },
};

let s3: TestS3;
let api: StubApi;
let work: string;

beforeAll(async () => {
  s3 = await startTestS3();
  await s3.createBucket('recordings-defaults-test');
  const store = new S3RecordingStore(s3.client, { bucket: 'recordings-defaults-test' });
  api = await startStubApi({ store, sessions: [session], callers: { 'token-a': { sub: 'staff-a', institutionId: 'inst_a' } } });
  work = await mkdtemp(join(tmpdir(), 'peixun-upload-defaults-'));
});
afterAll(async () => {
  await api?.stop();
  await s3?.stop();
  await rm(work, { recursive: true, force: true });
});

function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '', HOME: work, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('MP4 duration from the header', () => {
  it.each([
    { what: 'movie box after the media (camera files)', options: {} },
    { what: 'movie box first (fast start)', options: { moovFirst: true } },
    { what: '64-bit movie header (version 1)', options: { version: 1 as const } },
  ])('$what', async ({ options }) => {
    const file = join(work, `d-${Object.keys(options).join('-') || 'plain'}.mp4`);
    await writeFile(file, mp4Lasting(3_723, options));
    expect(await mp4DurationSeconds(file)).toBe(3_723);
  });

  it('a file without a movie header has no duration (the session times are used)', async () => {
    const file = join(work, 'no-moov.mp4');
    await writeFixture(file, 64 * 1024);
    expect(await mp4DurationSeconds(file)).toBeUndefined();
  });
});

describe('recording times without --from/--to', () => {
  it('are the session’s, or its start plus the video’s length; given times always win', () => {
    expect(recordedTimes({ fileName: 'a.mp4', size: 1 }, session)).toEqual({ recordedFrom: session.startsAt, recordedTo: session.endsAt });
    expect(recordedTimes({ fileName: 'a.mp4', size: 1, durationSeconds: 5_400 }, session)).toEqual({
      recordedFrom: session.startsAt,
      recordedTo: '2026-12-03T02:30:00.000Z',
    });
    const given = { recordedFrom: '2026-12-03T09:10:00+08:00', recordedTo: '2026-12-03T09:40:00+08:00' };
    expect(recordedTimes({ fileName: 'a.mp4', size: 1, durationSeconds: 5_400, ...given }, session)).toEqual(given);
    expect(() => recordedTimes({ fileName: 'a.mp4', size: 1, recordedFrom: given.recordedFrom }, session)).toThrow();
  });
});

describe('peixun-upload defaults', () => {
  it('finds the API by PEIXUN_API_URL, else by PEIXUN_API_PORT like the token CLI', () => {
    expect(defaultApiUrl({ PEIXUN_API_URL: 'http://api.example', PEIXUN_API_PORT: '13000' })).toBe('http://api.example');
    expect(defaultApiUrl({ PEIXUN_API_PORT: '13000' })).toBe('http://127.0.0.1:13000');
    expect(defaultApiUrl({})).toBe('http://localhost:3000');
  });

  it('without --api or --from/--to: reaches the API on PEIXUN_API_PORT and dates the video from the session start for its own length, and says so', async () => {
    const file = join(work, '第一课.mp4');
    await writeFile(file, mp4Lasting(2 * 3_600 + 50 * 60));
    const port = new URL(api.url).port;
    const result = await runCli([file, '--session', session.sessionId, '--token', 'token-a', '--state-dir', join(work, 'state')], { PEIXUN_API_PORT: port });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('未指定 --from/--to');
    expect(result.stderr).toContain('2小时50分');
    const [recording] = [...api.recordings.values()];
    expect(recording).toMatchObject({ status: 'completed', recordedFrom: session.startsAt, recordedTo: '2026-12-03T03:50:00.000Z' });
    expect(result.stdout).toContain('录像时间');
  });
});
