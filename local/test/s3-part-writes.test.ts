import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  ListPartsCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Emulator, type S3Emulator } from '../src/engines/s3-emulator';
import { LOCAL_AWS } from '../src/local-aws';
import { s3ClientFor, s3ErrorOf as errorOf } from './fixtures/s3-client';

const MIB = 1024 * 1024;
/** Above fauxqs's own 11 MiB request body limit: only a streamed part gets through. */
const BIG_PART = randomBytes(12 * MIB + 5);
const SMALL_PART = randomBytes(MIB);

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
  dataDir = await mkdtemp(join(tmpdir(), 'peixun-s3-parts-test-'));
  await start();
  await s3.send(new CreateBucketCommand({ Bucket: 'videos' }));
});
afterAll(async () => {
  await stop();
  await rm(dataDir, { recursive: true, force: true });
});

const md5Hex = (bytes: Buffer): string => createHash('md5').update(bytes).digest('hex');
const md5Base64 = (bytes: Buffer): string => createHash('md5').update(bytes).digest('base64');

async function newUpload(key: string): Promise<string> {
  return (await s3.send(new CreateMultipartUploadCommand({ Bucket: 'videos', Key: key }))).UploadId ?? '';
}

const partsOf = async (key: string, uploadId: string) =>
  ((await s3.send(new ListPartsCommand({ Bucket: 'videos', Key: key, UploadId: uploadId }))).Parts ?? []).map((part) => [part.PartNumber, part.Size, part.ETag]);

const dataFilesOf = async (uploadId: string): Promise<string[]> => (await readdir(join(dataDir, 'uploads', uploadId))).filter((name) => name.endsWith('.data'));

async function eventually(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in 5 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** PUTs the first `sent` bytes of a `declared`-byte part, then cuts the connection. */
function cutPartPut(url: string, declared: number, sent: Buffer): Promise<void> {
  return new Promise((resolve) => {
    const request = http.request(url, { method: 'PUT', headers: { 'content-length': String(declared) } });
    request.on('error', () => resolve());
    request.on('response', () => resolve());
    request.write(sent, () => setTimeout(() => request.destroy(), 50));
  });
}

describe('local S3: UploadPart bodies streamed to disk', () => {
  it('stores a part above fauxqs\'s body limit with the MD5 of its bytes as ETag, and completes with those bytes', async () => {
    const uploadId = await newUpload('big');
    const { ETag } = await s3.send(new UploadPartCommand({ Bucket: 'videos', Key: 'big', UploadId: uploadId, PartNumber: 1, Body: BIG_PART }));
    expect(ETag).toBe(`"${md5Hex(BIG_PART)}"`);
    expect(await partsOf('big', uploadId)).toEqual([[1, BIG_PART.length, ETag]]);
    await s3.send(new CompleteMultipartUploadCommand({ Bucket: 'videos', Key: 'big', UploadId: uploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag }] } }));
    const { Body } = await s3.send(new GetObjectCommand({ Bucket: 'videos', Key: 'big' }));
    expect(Buffer.from((await Body?.transformToByteArray()) ?? []).equals(BIG_PART)).toBe(true);
  });

  it('checks Content-MD5 as S3 does: a mismatch is 400 BadDigest and leaves no part, a match is stored', async () => {
    const uploadId = await newUpload('digest');
    const wrong = uploadPartWithMd5(uploadId, md5Base64(BIG_PART));
    expect(await errorOf(s3.send(wrong))).toMatchObject({ name: 'BadDigest', status: 400 });
    expect(await errorOf(s3.send(uploadPartWithMd5(uploadId, 'not-an-md5')))).toMatchObject({ name: 'InvalidDigest', status: 400 });
    expect(await partsOf('digest', uploadId)).toEqual([]);
    expect(await dataFilesOf(uploadId)).toEqual([]);
    const { ETag } = await s3.send(uploadPartWithMd5(uploadId, md5Base64(SMALL_PART)));
    expect(await partsOf('digest', uploadId)).toEqual([[1, SMALL_PART.length, ETag]]);
  });

  it('echoes an additional checksum header the client sends, as fauxqs did', async () => {
    const checked = new S3Client({ ...LOCAL_AWS, endpoint: emulator.endpoint, forcePathStyle: true });
    try {
      const uploadId = await newUpload('checksum');
      const answer = await checked.send(
        new UploadPartCommand({ Bucket: 'videos', Key: 'checksum', UploadId: uploadId, PartNumber: 1, Body: SMALL_PART, ChecksumAlgorithm: 'CRC32' }),
      );
      expect(answer.ETag).toBe(`"${md5Hex(SMALL_PART)}"`);
      expect(answer.ChecksumCRC32).toMatch(/^[A-Za-z0-9+/]{6}==$/);
    } finally {
      checked.destroy();
    }
  });

  it('a connection cut mid-part leaves no part and no file behind; the part sent again is whole', async () => {
    const uploadId = await newUpload('cut');
    await cutPartPut(`${emulator.endpoint}/videos/cut?partNumber=1&uploadId=${uploadId}`, 6 * MIB, BIG_PART.subarray(0, 3 * MIB));
    await eventually(async () => (await dataFilesOf(uploadId)).length === 0);
    expect(await partsOf('cut', uploadId)).toEqual([]);
    const { ETag } = await s3.send(new UploadPartCommand({ Bucket: 'videos', Key: 'cut', UploadId: uploadId, PartNumber: 1, Body: BIG_PART }));
    expect(await partsOf('cut', uploadId)).toEqual([[1, BIG_PART.length, `"${md5Hex(BIG_PART)}"`]]);
    expect(ETag).toBe(`"${md5Hex(BIG_PART)}"`);
  });

  it('removes at restart the bytes of a part whose sending a crash cut short, and keeps the recorded parts', async () => {
    const uploadId = await newUpload('crash');
    const { ETag } = await s3.send(new UploadPartCommand({ Bucket: 'videos', Key: 'crash', UploadId: uploadId, PartNumber: 1, Body: SMALL_PART }));
    await writeFile(join(dataDir, 'uploads', uploadId, '2-interrupted.data'), SMALL_PART.subarray(0, 1000));
    await stop();
    await start();
    expect(await dataFilesOf(uploadId)).toHaveLength(1);
    expect(await partsOf('crash', uploadId)).toEqual([[1, SMALL_PART.length, ETag]]);
  });
});

function uploadPartWithMd5(uploadId: string, contentMd5: string): UploadPartCommand {
  return new UploadPartCommand({ Bucket: 'videos', Key: 'digest', UploadId: uploadId, PartNumber: 1, Body: SMALL_PART, ContentMD5: contentMd5 });
}
