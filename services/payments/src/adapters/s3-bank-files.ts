import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { awsClientConfig } from '@peixun/shared';
import { UploadTooLarge, type BankFileStore } from '../app/ports';

/** S3 wants parts of at least 5 MiB; 8 MiB keeps a 50,000-line file to a handful of parts and bounded memory. */
const PART_BYTES = 8 * 1024 * 1024;

export function createBankFilesS3Client(config: S3ClientConfig = {}): S3Client {
  return new S3Client({ ...awsClientConfig(), requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED', ...config });
}

/**
 * Bank files in the service's bucket (Object Lock: an exported instruction cannot be altered
 * afterwards). Bodies are streamed in multipart parts, so memory stays at one part whatever the
 * batch size; every write carries a SHA-256 checksum, which Object Lock buckets require.
 */
export class S3BankFileStore implements BankFileStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly urlTtlSeconds = 900,
  ) {}

  async put(key: string, body: AsyncIterable<string | Buffer>, contentType: string): Promise<void> {
    let buffered: Buffer[] = [];
    let size = 0;
    let uploadId: string | undefined;
    const parts: { PartNumber: number; ChecksumSHA256?: string; ETag?: string }[] = [];
    const flush = async () => {
      uploadId ??= (await this.client.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: key, ContentType: contentType, ChecksumAlgorithm: 'SHA256' }))).UploadId;
      const PartNumber = parts.length + 1;
      const part = await this.client.send(
        new UploadPartCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId, PartNumber, Body: Buffer.concat(buffered), ChecksumAlgorithm: 'SHA256' }),
      );
      parts.push({ PartNumber, ETag: part.ETag, ...(part.ChecksumSHA256 === undefined ? {} : { ChecksumSHA256: part.ChecksumSHA256 }) });
      buffered = [];
      size = 0;
    };
    try {
      for await (const chunk of body) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
        buffered.push(bytes);
        size += bytes.length;
        if (size >= PART_BYTES) await flush();
      }
      if (uploadId === undefined) {
        await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: Buffer.concat(buffered), ContentType: contentType, ChecksumAlgorithm: 'SHA256' }));
        return;
      }
      if (size > 0) await flush();
      await this.client.send(new CompleteMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId, MultipartUpload: { Parts: parts } }));
    } catch (error) {
      if (uploadId !== undefined) await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId })).catch(() => undefined);
      throw error;
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (error) {
      if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404) return false;
      throw error;
    }
  }

  async read(key: string): Promise<Buffer> {
    const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    return Buffer.from((await object.Body?.transformToByteArray()) ?? []);
  }

  async readUpload(key: string, maxBytes: number): Promise<Buffer | undefined> {
    let object;
    try {
      object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    } catch (error) {
      if (error instanceof S3ServiceException && (error.$metadata.httpStatusCode === 404 || error.name === 'NoSuchKey')) return undefined;
      throw error;
    }
    if ((object.ContentLength ?? 0) > maxBytes) throw new UploadTooLarge(maxBytes);
    const body = object.Body;
    if (body === undefined) return Buffer.alloc(0);
    // Read chunk by chunk with a running count: never more than the limit is held, whatever the object claims.
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of body as AsyncIterable<Uint8Array>) {
      size += chunk.length;
      if (size > maxBytes) throw new UploadTooLarge(maxBytes);
      chunks.push(Buffer.from(chunk));
    }
    return Buffer.concat(chunks, size);
  }

  async uploadUrl(key: string, size: number, sha256Hex: string): Promise<{ url: string; headers: Record<string, string>; expiresAt: Date }> {
    const checksum = Buffer.from(sha256Hex, 'hex').toString('base64');
    const signingDate = new Date();
    // Length and checksum are signed: S3 refuses a body of another size or other bytes, and the
    // checksum is what a bucket under Object Lock requires of every write.
    const url = await getSignedUrl(this.client, new PutObjectCommand({ Bucket: this.bucket, Key: key, ContentLength: size, ChecksumSHA256: checksum }), {
      expiresIn: this.urlTtlSeconds,
      signingDate,
      signableHeaders: new Set(['content-length']),
      unhoistableHeaders: new Set(['x-amz-checksum-sha256']),
    });
    return { url, headers: { 'x-amz-checksum-sha256': checksum }, expiresAt: new Date(signingDate.getTime() + this.urlTtlSeconds * 1000) };
  }

  downloadUrl(key: string, fileName: string): Promise<string> {
    return getSignedUrl(
      this.client,
      new GetObjectCommand({ Bucket: this.bucket, Key: key, ResponseContentDisposition: `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}` }),
      { expiresIn: this.urlTtlSeconds },
    );
  }
}
