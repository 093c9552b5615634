import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListBucketsCommand,
  ListPartsCommand,
  PutObjectCommand,
  PutObjectRetentionCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Emulator, type S3Emulator } from '../src/engines/s3-emulator';
import { s3ClientFor, s3ErrorOf } from './fixtures/s3-client';

const MIB = 1024 * 1024;
const PART_ONE = randomBytes(5 * MIB);
const PART_TWO = randomBytes(MIB + 3);
const PHOTO = randomBytes(64 * 1024);

let dataDir: string;
let emulator: S3Emulator;
let s3: S3Client;

async function start(): Promise<void> {
  emulator = await startS3Emulator({ port: 0, dataDir });
  s3 = s3ClientFor(emulator.endpoint);
}

async function stop(): Promise<void> {
  s3.destroy();
  await emulator.stop();
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'peixun-s3-disk-test-'));
  await start();
});
afterAll(async () => {
  await stop();
  await rm(dataDir, { recursive: true, force: true });
});

const statusOf = async (promise: Promise<unknown>): Promise<number | undefined> => (await s3ErrorOf(promise)).status;

const bytesOf = async (bucket: string, key: string, range?: string): Promise<Buffer> => {
  const { Body } = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: range }));
  return Buffer.from((await Body?.transformToByteArray()) ?? []);
};

describe('local S3 on disk (fauxqs with file storage)', () => {
  let openUploadId = '';
  let partOneEtag = '';

  it('keeps buckets, objects, Object Lock, retention and open uploads across a restart on the same directory', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'photos' }));
    await s3.send(new CreateBucketCommand({ Bucket: 'recordings', ObjectLockEnabledForBucket: true }));
    await s3.send(new PutObjectCommand({ Bucket: 'photos', Key: 'faces/张三.jpg', Body: PHOTO, ContentType: 'image/jpeg', Metadata: { trainee: 'trn_1' } }));
    await s3.send(new PutObjectCommand({ Bucket: 'recordings', Key: 'rec/kept', Body: 'session video' }));
    await s3.send(
      new PutObjectRetentionCommand({ Bucket: 'recordings', Key: 'rec/kept', Retention: { Mode: 'GOVERNANCE', RetainUntilDate: new Date(Date.now() + 86_400_000) } }),
    );
    openUploadId = (await s3.send(new CreateMultipartUploadCommand({ Bucket: 'recordings', Key: 'rec/open', ContentType: 'video/mp4' }))).UploadId ?? '';
    partOneEtag = (await s3.send(new UploadPartCommand({ Bucket: 'recordings', Key: 'rec/open', UploadId: openUploadId, PartNumber: 1, Body: PART_ONE }))).ETag ?? '';

    await stop();
    await start();

    const { Buckets } = await s3.send(new ListBucketsCommand({}));
    expect(Buckets?.map((bucket) => bucket.Name)).toEqual(['photos', 'recordings']);
    const photo = await s3.send(new GetObjectCommand({ Bucket: 'photos', Key: 'faces/张三.jpg' }));
    expect(photo.ContentType).toBe('image/jpeg');
    expect(photo.Metadata).toEqual({ trainee: 'trn_1' });
    expect(Buffer.from((await photo.Body?.transformToByteArray()) ?? []).equals(PHOTO)).toBe(true);

    expect(await statusOf(s3.send(new PutObjectCommand({ Bucket: 'recordings', Key: 'rec/kept', Body: 'replaced' })))).toBe(403);
    expect(await statusOf(s3.send(new DeleteObjectCommand({ Bucket: 'recordings', Key: 'rec/kept' })))).toBe(403);
    expect((await bytesOf('recordings', 'rec/kept')).toString()).toBe('session video');

    const { Parts } = await s3.send(new ListPartsCommand({ Bucket: 'recordings', Key: 'rec/open', UploadId: openUploadId }));
    expect(Parts?.map((part) => [part.PartNumber, part.Size, part.ETag])).toEqual([[1, PART_ONE.length, partOneEtag]]);
  });

  it('completes an upload begun before the restart from the part files, with S3\'s multipart ETag', async () => {
    const { ETag } = await s3.send(new UploadPartCommand({ Bucket: 'recordings', Key: 'rec/open', UploadId: openUploadId, PartNumber: 2, Body: PART_TWO }));
    const completed = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'recordings',
        Key: 'rec/open',
        UploadId: openUploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: partOneEtag }, { PartNumber: 2, ETag }] },
        IfNoneMatch: '*',
      }),
    );
    expect(completed.ETag).toMatch(/^"[0-9a-f]{32}-2"$/);
    expect((await bytesOf('recordings', 'rec/open')).equals(Buffer.concat([PART_ONE, PART_TWO]))).toBe(true);
    expect(await statusOf(s3.send(new ListPartsCommand({ Bucket: 'recordings', Key: 'rec/open', UploadId: openUploadId })))).toBe(404);
  });

  it('keeps the last of a part sent twice, and only its bytes', async () => {
    const { UploadId = '' } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'photos', Key: 'resent' }));
    await s3.send(new UploadPartCommand({ Bucket: 'photos', Key: 'resent', UploadId, PartNumber: 1, Body: PART_ONE }));
    const again = await s3.send(new UploadPartCommand({ Bucket: 'photos', Key: 'resent', UploadId, PartNumber: 1, Body: PART_TWO }));
    const { Parts } = await s3.send(new ListPartsCommand({ Bucket: 'photos', Key: 'resent', UploadId }));
    expect(Parts?.map((part) => [part.PartNumber, part.Size, part.ETag])).toEqual([[1, PART_TWO.length, again.ETag]]);
    expect((await readdir(join(dataDir, 'uploads', UploadId))).filter((name) => name.endsWith('.data'))).toHaveLength(1);
    await s3.send(new CompleteMultipartUploadCommand({ Bucket: 'photos', Key: 'resent', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: again.ETag }] } }));
    expect((await bytesOf('photos', 'resent')).equals(PART_TWO)).toBe(true);
  });

  it('refuses to complete with a part below 5 MiB before the last, as S3 does', async () => {
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'photos', Key: 'small-parts' }));
    const one = await s3.send(new UploadPartCommand({ Bucket: 'photos', Key: 'small-parts', UploadId, PartNumber: 1, Body: PART_TWO }));
    const two = await s3.send(new UploadPartCommand({ Bucket: 'photos', Key: 'small-parts', UploadId, PartNumber: 2, Body: PART_TWO }));
    const parts = [{ PartNumber: 1, ETag: one.ETag }, { PartNumber: 2, ETag: two.ETag }];
    expect(await statusOf(s3.send(new CompleteMultipartUploadCommand({ Bucket: 'photos', Key: 'small-parts', UploadId, MultipartUpload: { Parts: parts } })))).toBe(400);
  });

  it('keeps a completed multipart object as its part files, without copying them: read whole and across parts after a restart, replaced, deleted', async () => {
    const key = 'joined';
    const objectFiles = async (): Promise<string[]> => {
      const name = createHash('sha256').update(key).digest('hex');
      const entries = await readdir(join(dataDir, 'buckets', 'photos', 'objects'));
      const parts = entries.includes(`${name}.parts`) ? (await readdir(join(dataDir, 'buckets', 'photos', 'objects', `${name}.parts`))).map((file) => `parts/${file}`) : [];
      return [...entries.filter((entry) => entry.startsWith(`${name}.`) && !entry.endsWith('.parts')), ...parts];
    };
    const { UploadId = '' } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'photos', Key: key }));
    const one = await s3.send(new UploadPartCommand({ Bucket: 'photos', Key: key, UploadId, PartNumber: 1, Body: PART_ONE }));
    // A part left out of the completion is dropped, as S3 drops it.
    await s3.send(new UploadPartCommand({ Bucket: 'photos', Key: key, UploadId, PartNumber: 3, Body: PHOTO }));
    const two = await s3.send(new UploadPartCommand({ Bucket: 'photos', Key: key, UploadId, PartNumber: 2, Body: PART_TWO }));
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'photos',
        Key: key,
        UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: one.ETag }, { PartNumber: 2, ETag: two.ETag }] },
      }),
    );
    expect((await objectFiles()).filter((file) => file.startsWith('parts/'))).toHaveLength(2);
    expect(await readdir(join(dataDir, 'uploads'))).not.toContain(UploadId);

    await stop();
    await start();
    const whole = Buffer.concat([PART_ONE, PART_TWO]);
    expect((await bytesOf('photos', key)).equals(whole)).toBe(true);
    expect((await bytesOf('photos', key, `bytes=${PART_ONE.length - 3}-${PART_ONE.length + 2}`)).equals(whole.subarray(PART_ONE.length - 3, PART_ONE.length + 3))).toBe(true);

    await s3.send(new PutObjectCommand({ Bucket: 'photos', Key: key, Body: 'replaced' }));
    expect((await bytesOf('photos', key)).toString()).toBe('replaced');
    expect((await objectFiles()).sort()).toEqual([`${createHash('sha256').update(key).digest('hex')}.data`, `${createHash('sha256').update(key).digest('hex')}.json`]);
    await s3.send(new DeleteObjectCommand({ Bucket: 'photos', Key: key }));
    expect(await objectFiles()).toEqual([]);
  });

  it('streams byte ranges from disk, honours If-Match and answers 416 to a range past the end', async () => {
    const whole = Buffer.concat([PART_ONE, PART_TWO]);
    expect((await bytesOf('recordings', 'rec/open', 'bytes=5242870-5242889')).equals(whole.subarray(5_242_870, 5_242_890))).toBe(true);
    expect((await bytesOf('recordings', 'rec/open', `bytes=${whole.length - 10}-`)).equals(whole.subarray(-10))).toBe(true);
    expect((await bytesOf('recordings', 'rec/open', 'bytes=-7')).equals(whole.subarray(-7))).toBe(true);
    expect(await statusOf(s3.send(new GetObjectCommand({ Bucket: 'recordings', Key: 'rec/open', Range: 'bytes=1-', IfMatch: '"other"' })))).toBe(412);
    expect(await statusOf(s3.send(new GetObjectCommand({ Bucket: 'recordings', Key: 'rec/open', Range: `bytes=${whole.length}-` })))).toBe(416);
    expect(await statusOf(s3.send(new GetObjectCommand({ Bucket: 'recordings', Key: 'rec/none' })))).toBe(404);
  });
});
