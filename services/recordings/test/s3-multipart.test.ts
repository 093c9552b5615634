import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3RecordingStore } from '../src/adapters/s3-multipart';
import { RecordingError } from '../src/domain/errors';
import { MP4_HEADER } from './support/files';
import { breakObjectReads, type BrokenReads } from './support/broken-reads';
import { startTestS3, type TestS3 } from './support/s3-emulator';

const MIB = 1024 * 1024;
const BUCKET = 'recordings-adapter-test';

let s3: TestS3;
let store: S3RecordingStore;
let reads: BrokenReads;

beforeAll(async () => {
  s3 = await startTestS3();
  await s3.createBucket(BUCKET);
  reads = breakObjectReads(s3.client);
  // Small pages, so pagination is exercised with few parts.
  store = new S3RecordingStore(s3.client, { bucket: BUCKET, listPartsPageSize: 2 });
});

afterAll(async () => {
  await s3.stop();
});

const video = (size: number): Buffer => {
  const data = randomBytes(size);
  MP4_HEADER.copy(data);
  return data;
};

/** Sends the parts of `data` through presigned URLs, as a browser or the CLI would. */
async function putParts(key: string, uploadId: string, data: Buffer, partSize: number): Promise<void> {
  const partCount = Math.ceil(data.length / partSize);
  const { urls } = await store.presignPartUrls({ key, uploadId, from: 1, to: partCount });
  for (const { partNumber, url } of urls) {
    const body = data.subarray((partNumber - 1) * partSize, partNumber * partSize);
    const response = await fetch(url, { method: 'PUT', body: Uint8Array.from(body) });
    expect(response.status).toBe(200);
  }
}

async function uploadWhole(key: string, data: Buffer, partSize = 5 * MIB): Promise<void> {
  const { uploadId } = await store.createUpload({ key, contentType: 'video/mp4', metadata: {} });
  await putParts(key, uploadId, data, partSize);
  await store.completeUpload({ key, uploadId, parts: await store.listParts({ key, uploadId }), expectedSize: data.length });
}

const codeOf = async (action: Promise<unknown>): Promise<string | undefined> => {
  try {
    await action;
    return undefined;
  } catch (error) {
    return error instanceof RecordingError ? error.code : String(error);
  }
};

describe('S3 multipart adapter against the local S3 (fauxqs)', () => {
  it('uploads parts through presigned URLs, lists them page by page, completes, and hashes the stored bytes', async () => {
    const key = 'recordings/c1/s1/rec-roundtrip';
    const data = video(12 * MIB + 123);
    const { uploadId } = await store.createUpload({ key, contentType: 'video/mp4', metadata: { 'file-name': encodeURIComponent('第一课.mp4') } });
    await putParts(key, uploadId, data, 5 * MIB);

    const parts = await store.listParts({ key, uploadId });
    expect(parts.map((part) => [part.partNumber, part.size])).toEqual([
      [1, 5 * MIB],
      [2, 5 * MIB],
      [3, 2 * MIB + 123],
    ]);

    await store.completeUpload({ key, uploadId, parts, expectedSize: data.length });
    expect(await store.objectSize(key)).toBe(data.length);
    expect(Buffer.from(await store.readHead(key, 4096)).equals(data.subarray(0, 4096))).toBe(true);
    expect(await store.sha256(key)).toBe(createHash('sha256').update(data).digest('hex'));
  });

  it('hashes on from the last hashed byte when the connection breaks off, instead of reading everything again', async () => {
    const key = 'recordings/c1/s1/rec-broken-read';
    const data = video(11 * MIB + 5);
    await uploadWhole(key, data);
    const cutAt = 3 * MIB + 17;
    reads.objectGets.length = 0;
    reads.cutNextObjectGets(2, cutAt);

    expect(await store.sha256(key)).toBe(createHash('sha256').update(data).digest('hex'));
    const resumedFrom = reads.objectGets.slice(1).map((range) => Number(/^bytes=(\d+)-$/.exec(range)?.[1]));
    expect(reads.objectGets[0]).toBe('whole');
    expect(resumedFrom).toHaveLength(2);
    expect(resumedFrom[0]).toBeGreaterThan(0);
    expect(resumedFrom[1]).toBeGreaterThan(resumedFrom[0] ?? 0);
  });

  it('gives up hashing when reads break off again and again without progress', async () => {
    const key = 'recordings/c1/s1/rec-dead-read';
    await uploadWhole(key, video(5 * MIB + 1));
    const patient = new S3RecordingStore(s3.client, { bucket: BUCKET, hashReadAttempts: 2 });
    reads.cutNextObjectGets(3, 0);
    await expect(patient.sha256(key)).rejects.toThrow(/broke off at byte 0 of 5242881, 2 times in a row/);
    reads.cutNextObjectGets(0, 0);
  });

  it('gives viewers a presigned GET that serves byte ranges for seeking', async () => {
    const key = 'recordings/c1/s1/rec-view';
    const data = video(6 * MIB);
    await uploadWhole(key, data);
    const { url, expiresAt } = await store.presignView({ key, fileName: '第一课 上午.mp4', contentType: 'video/mp4' });
    expect(expiresAt.getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
    const response = await fetch(url, { headers: { range: 'bytes=1000-1999' } });
    expect(response.status).toBe(206);
    expect(Buffer.from(await response.arrayBuffer()).equals(data.subarray(1000, 2000))).toBe(true);
  });

  it('Issue 5: refuses to start an upload on a key that holds a completed recording', async () => {
    const key = 'recordings/c1/s1/rec-final';
    await uploadWhole(key, video(5 * MIB + 1));
    expect(await codeOf(store.createUpload({ key, contentType: 'video/mp4', metadata: {} }))).toBe('RECORDING_OVERWRITE_REFUSED');
  });

  it('Issue 5: refuses to complete a second upload onto a key that meanwhile received a recording', async () => {
    const key = 'recordings/c1/s1/rec-race';
    const first = video(5 * MIB + 7);
    const second = video(5 * MIB + 9);
    const a = await store.createUpload({ key, contentType: 'video/mp4', metadata: {} });
    const b = await store.createUpload({ key, contentType: 'video/mp4', metadata: {} });
    await putParts(key, a.uploadId, first, 5 * MIB);
    await putParts(key, b.uploadId, second, 5 * MIB);
    await store.completeUpload({ key, uploadId: a.uploadId, parts: await store.listParts({ key, uploadId: a.uploadId }), expectedSize: first.length });
    const partsOfB = await store.listParts({ key, uploadId: b.uploadId });
    expect(await codeOf(store.completeUpload({ key, uploadId: b.uploadId, parts: partsOfB, expectedSize: second.length }))).toBe(
      'RECORDING_OVERWRITE_REFUSED',
    );
    expect(await store.sha256(key)).toBe(createHash('sha256').update(first).digest('hex'));
  });

  it('aborts an upload; aborting again is harmless and its parts are gone', async () => {
    const key = 'recordings/c1/s1/rec-abort';
    const { uploadId } = await store.createUpload({ key, contentType: 'video/mp4', metadata: {} });
    await putParts(key, uploadId, video(5 * MIB), 5 * MIB);
    await store.abortUpload({ key, uploadId });
    await store.abortUpload({ key, uploadId });
    expect(await codeOf(store.listParts({ key, uploadId }))).toBe('RECORDING_UPLOAD_GONE');
    expect(await store.objectSize(key)).toBeUndefined();
  });

  it('signs part URLs that S3 refuses once they have expired', async () => {
    const key = 'recordings/c1/s1/rec-expired';
    const { uploadId } = await store.createUpload({ key, contentType: 'video/mp4', metadata: {} });
    const stale = new S3RecordingStore(s3.client, { bucket: BUCKET, clock: () => new Date(Date.now() - 20 * 60_000) });
    const { urls, expiresAt } = await stale.presignPartUrls({ key, uploadId, from: 1, to: 1 });
    expect(expiresAt.getTime()).toBeLessThan(Date.now());
    const response = await fetch(urls[0]?.url ?? '', { method: 'PUT', body: Uint8Array.from(video(1024)) });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('Request has expired');
  });
});
