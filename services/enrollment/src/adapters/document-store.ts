import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { awsClientConfig } from '@peixun/shared';
import type { UploadedObject } from '../documents/document';

const TTL_SECONDS = 900;

export interface SignedUrl {
  readonly url: string;
  readonly expiresAt: string;
}

/**
 * Application documents in the enrollment bucket: the school's browser PUTs the file straight to
 * S3 (the function never carries it), the completion check reads it back, reviewers open it
 * through a presigned GET. Checksums only when required: a presigned PUT must not sign a checksum
 * of an empty body.
 */
export class DocumentStore {
  constructor(
    private readonly bucket: string,
    private readonly client = new S3Client({ ...awsClientConfig(), requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' }),
  ) {}

  /**
   * Content type and length are signed headers (the presigner leaves content-type out unless
   * told), so S3 refuses a PUT of another type or size; the completion check still compares.
   * Signed with the system clock, which S3 judges expiry by.
   */
  async presignUpload(key: string, contentType: string, size: number): Promise<SignedUrl> {
    const at = new Date();
    const url = await getSignedUrl(this.client, new PutObjectCommand({ Bucket: this.bucket, Key: key, ContentType: contentType, ContentLength: size }), {
      expiresIn: TTL_SECONDS,
      signingDate: at,
      signableHeaders: new Set(['content-type', 'content-length']),
    });
    return { url, expiresAt: new Date(at.getTime() + TTL_SECONDS * 1000).toISOString() };
  }

  async presignView(key: string, fileName: string): Promise<SignedUrl> {
    const at = new Date();
    const url = await getSignedUrl(
      this.client,
      new GetObjectCommand({ Bucket: this.bucket, Key: key, ResponseContentDisposition: `inline; filename*=UTF-8''${encodeURIComponent(fileName)}` }),
      { expiresIn: TTL_SECONDS, signingDate: at },
    );
    return { url, expiresAt: new Date(at.getTime() + TTL_SECONDS * 1000).toISOString() };
  }

  /**
   * The object's size, and its bytes when it is no larger than `maxBytes` (a larger one is refused
   * by its size alone and never read). Undefined when nothing was uploaded.
   */
  async read(key: string, maxBytes: number): Promise<UploadedObject | undefined> {
    let size: number;
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      size = head.ContentLength ?? 0;
    } catch (error) {
      if (error instanceof Error && (error.name === 'NotFound' || error.name === 'NoSuchKey')) return undefined;
      throw error;
    }
    if (size > maxBytes || size === 0) return { size, bytes: new Uint8Array() };
    const result = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    if (result.Body === undefined) throw new Error(`GetObject ${key} returned no body`);
    return { size, bytes: await result.Body.transformToByteArray() };
  }
}
