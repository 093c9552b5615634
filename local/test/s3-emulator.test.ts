import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  ListPartsCommand,
  PutObjectCommand,
  PutObjectRetentionCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Emulator, type S3Emulator } from '../src/engines/s3-emulator';
import { s3ClientFor, s3ErrorOf as errorOf } from './fixtures/s3-client';

let emulator: S3Emulator;
let s3: S3Client;
const PART = Buffer.alloc(5 * 1024 * 1024, 7);

beforeAll(async () => {
  emulator = await startS3Emulator({ port: 0 });
  s3 = s3ClientFor(emulator.endpoint);
  await s3.send(new CreateBucketCommand({ Bucket: 'plain' }));
  await s3.send(new CreateBucketCommand({ Bucket: 'locked', ObjectLockEnabledForBucket: true }));
});
afterAll(async () => {
  s3.destroy();
  await emulator.stop();
});

async function multipart(bucket: string, key: string): Promise<{ uploadId: string; etag: string }> {
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
  const uploadId = UploadId ?? '';
  const { ETag } = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumber: 1, Body: PART }));
  return { uploadId, etag: ETag ?? '' };
}

const complete = (bucket: string, key: string, upload: { uploadId: string; etag: string }, ifNoneMatch?: string) =>
  s3.send(
    new CompleteMultipartUploadCommand({
      Bucket: bucket,
      Key: key,
      UploadId: upload.uploadId,
      MultipartUpload: { Parts: [{ PartNumber: 1, ETag: upload.etag }] },
      ...(ifNoneMatch === undefined ? {} : { IfNoneMatch: ifNoneMatch }),
    }),
  );

describe('local S3 engine (fauxqs with compat hooks)', () => {
  it('listens on the loopback interface only', () => {
    expect(new URL(emulator.endpoint).hostname).toBe('127.0.0.1');
  });

  it('lists the parts of an open multipart upload, so an upload can resume', async () => {
    const upload = await multipart('plain', 'resume/a');
    const { Parts } = await s3.send(new ListPartsCommand({ Bucket: 'plain', Key: 'resume/a', UploadId: upload.uploadId }));
    expect(Parts?.map((part) => [part.PartNumber, part.Size, part.ETag])).toEqual([[1, PART.length, upload.etag]]);
  });

  it('refuses a presigned URL after its expiry with 403 AccessDenied', async () => {
    const url = await getSignedUrl(s3, new PutObjectCommand({ Bucket: 'plain', Key: 'expired' }), {
      expiresIn: 60,
      signingDate: new Date(Date.now() - 120_000),
    });
    const response = await fetch(url, { method: 'PUT', body: 'x' });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('AccessDenied');
  });

  it('answers 412 to If-None-Match: * on completing over an existing key', async () => {
    await complete('plain', 'once', await multipart('plain', 'once'));
    expect(await errorOf(complete('plain', 'once', await multipart('plain', 'once'), '*'))).toMatchObject({ status: 412 });
  });

  it('Object Lock: a completed object in a locked bucket is not overwritten, nor deleted under retention', async () => {
    await complete('locked', 'rec', await multipart('locked', 'rec'));
    expect(await errorOf(complete('locked', 'rec', await multipart('locked', 'rec')))).toMatchObject({ status: 403 });
    expect(await errorOf(s3.send(new PutObjectCommand({ Bucket: 'locked', Key: 'rec', Body: 'other' })))).toMatchObject({ status: 403 });
    await s3.send(
      new PutObjectRetentionCommand({ Bucket: 'locked', Key: 'rec', Retention: { Mode: 'GOVERNANCE', RetainUntilDate: new Date(Date.now() + 86_400_000) } }),
    );
    expect(await errorOf(s3.send(new DeleteObjectCommand({ Bucket: 'locked', Key: 'rec' })))).toMatchObject({ status: 403 });
  });

  it('a bucket without Object Lock lets an object be replaced', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'plain', Key: 'free', Body: 'a' }));
    await expect(s3.send(new PutObjectCommand({ Bucket: 'plain', Key: 'free', Body: 'b' }))).resolves.toBeDefined();
  });
});
