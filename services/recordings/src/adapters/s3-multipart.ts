import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListPartsCommand,
  PutObjectRetentionCommand,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { awsClientConfig } from '@peixun/shared';
import { recordingOverwriteRefused, recordingUploadGone } from '../domain/errors';
import type { PresignedPartUrl, PresignedUrls, RecordingObjectStore, UploadedPart } from '../app/ports';

/**
 * Checksum behaviour pinned to WHEN_REQUIRED: since SDK 3.729 the default signs a CRC32 of the
 * (empty) body into presigned UploadPart URLs, which no real part would match, and the local
 * emulator mishandles streamed checksummed bodies. Every client this adapter uses comes from here.
 */
export function createRecordingsS3Client(config: S3ClientConfig = {}): S3Client {
  return new S3Client({ ...awsClientConfig(), requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED', ...config });
}

export interface S3RecordingStoreOptions {
  readonly bucket: string;
  /** Lifetime of UploadPart URLs; the client asks for fresh ones whenever they run out. Default 15 min. */
  readonly partUrlTtlSeconds?: number;
  /** Lifetime of viewing URLs; a player that gets 403 while seeking asks for a new link. Default 15 min. */
  readonly viewUrlTtlSeconds?: number;
  /** ListParts page size (S3 maximum 1000); smaller only to exercise pagination. */
  readonly listPartsPageSize?: number;
  /** Reads of an object being hashed that may break off in a row without progress before giving up. Default 3. */
  readonly hashReadAttempts?: number;
  /**
   * S3 Object Lock in governance mode for verified recordings (the bucket must have Object Lock
   * enabled). Unset where the store has no Object Lock, as with the local emulator; unique keys
   * and the refusals below still stop overwrites there.
   */
  readonly retention?: { readonly mode: 'GOVERNANCE'; readonly days: number } | undefined;
  /** Signing time; tests move it to produce expired URLs. */
  readonly clock?: () => Date;
}

const errorName = (error: unknown): string | undefined => (error instanceof S3ServiceException ? error.name : undefined);
const statusOf = (error: unknown): number | undefined =>
  error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;

const isNotFound = (error: unknown): boolean =>
  errorName(error) === 'NotFound' || errorName(error) === 'NoSuchKey' || statusOf(error) === 404;

/** RFC 5987 `filename*`, so Chinese file names survive the Content-Disposition header. */
function contentDisposition(fileName: string): string {
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return `inline; filename*=UTF-8''${encoded}`;
}

export class S3RecordingStore implements RecordingObjectStore {
  private readonly bucket: string;
  private readonly partUrlTtlSeconds: number;
  private readonly viewUrlTtlSeconds: number;
  private readonly listPartsPageSize: number;
  private readonly hashReadAttempts: number;
  private readonly retention: S3RecordingStoreOptions['retention'];
  private readonly clock: () => Date;

  constructor(
    private readonly client: S3Client,
    options: S3RecordingStoreOptions,
  ) {
    this.bucket = options.bucket;
    this.partUrlTtlSeconds = options.partUrlTtlSeconds ?? 900;
    this.viewUrlTtlSeconds = options.viewUrlTtlSeconds ?? 900;
    this.listPartsPageSize = options.listPartsPageSize ?? 1000;
    this.hashReadAttempts = options.hashReadAttempts ?? 3;
    this.retention = options.retention;
    this.clock = options.clock ?? (() => new Date());
  }

  async createUpload(input: { key: string; contentType: string; metadata: Readonly<Record<string, string>> }): Promise<{ uploadId: string }> {
    // Keys are unique per upload, so this only fires on a bug or a replayed key; it is the local
    // stand-in for Object Lock and a second line of defence in AWS.
    if ((await this.objectSize(input.key)) !== undefined) throw recordingOverwriteRefused(input.key);
    const result = await this.client.send(
      new CreateMultipartUploadCommand({
        Bucket: this.bucket,
        Key: input.key,
        ContentType: input.contentType,
        Metadata: { ...input.metadata },
      }),
    );
    if (result.UploadId === undefined) throw new Error(`CreateMultipartUpload for ${input.key} returned no UploadId`);
    return { uploadId: result.UploadId };
  }

  async presignPartUrls(input: { key: string; uploadId: string; from: number; to: number }): Promise<PresignedUrls<PresignedPartUrl>> {
    const signingDate = this.clock();
    const partNumbers = Array.from({ length: input.to - input.from + 1 }, (_, index) => input.from + index);
    const urls = await Promise.all(
      partNumbers.map(async (partNumber) => ({
        partNumber,
        url: await getSignedUrl(
          this.client,
          new UploadPartCommand({ Bucket: this.bucket, Key: input.key, UploadId: input.uploadId, PartNumber: partNumber }),
          { expiresIn: this.partUrlTtlSeconds, signingDate },
        ),
      })),
    );
    return { urls, expiresAt: new Date(signingDate.getTime() + this.partUrlTtlSeconds * 1000) };
  }

  async listParts(input: { key: string; uploadId: string }): Promise<UploadedPart[]> {
    const parts: UploadedPart[] = [];
    let marker: string | undefined;
    try {
      do {
        const page = await this.client.send(
          new ListPartsCommand({
            Bucket: this.bucket,
            Key: input.key,
            UploadId: input.uploadId,
            MaxParts: this.listPartsPageSize,
            PartNumberMarker: marker,
          }),
        );
        for (const part of page.Parts ?? []) {
          if (part.PartNumber !== undefined && part.ETag !== undefined && part.Size !== undefined) {
            parts.push({ partNumber: part.PartNumber, etag: part.ETag, size: part.Size });
          }
        }
        marker = page.IsTruncated === true ? page.NextPartNumberMarker : undefined;
      } while (marker !== undefined);
    } catch (error) {
      if (errorName(error) === 'NoSuchUpload') throw recordingUploadGone();
      throw error;
    }
    return parts.sort((a, b) => a.partNumber - b.partNumber);
  }

  async completeUpload(input: {
    key: string;
    uploadId: string;
    parts: ReadonlyArray<Pick<UploadedPart, 'partNumber' | 'etag'>>;
    expectedSize: number;
  }): Promise<{ etag: string }> {
    if ((await this.objectSize(input.key)) !== undefined) throw recordingOverwriteRefused(input.key);
    try {
      const result = await this.client.send(
        new CompleteMultipartUploadCommand({
          Bucket: this.bucket,
          Key: input.key,
          UploadId: input.uploadId,
          MultipartUpload: { Parts: input.parts.map((part) => ({ PartNumber: part.partNumber, ETag: part.etag })) },
          // Conditional write: S3 itself refuses to replace an existing object (the emulator ignores it).
          IfNoneMatch: '*',
          // S3 checks the assembled size against the declared one before creating the object.
          MpuObjectSize: input.expectedSize,
        }),
      );
      return { etag: result.ETag ?? '' };
    } catch (error) {
      if (errorName(error) === 'PreconditionFailed' || statusOf(error) === 412) throw recordingOverwriteRefused(input.key);
      if (errorName(error) === 'NoSuchUpload') throw recordingUploadGone();
      throw error;
    }
  }

  async abortUpload(input: { key: string; uploadId: string }): Promise<void> {
    try {
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: input.key, UploadId: input.uploadId }));
    } catch (error) {
      // Already gone is what an abort wants; a retried abort must not fail.
      if (errorName(error) !== 'NoSuchUpload' && statusOf(error) !== 404) throw error;
    }
  }

  async objectSize(key: string): Promise<number | undefined> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return head.ContentLength ?? 0;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async readHead(key: string, bytes: number): Promise<Uint8Array> {
    const result = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key, Range: `bytes=0-${bytes - 1}` }));
    if (result.Body === undefined) throw new Error(`GetObject ${key} returned no body`);
    return result.Body.transformToByteArray();
  }

  /**
   * The object's bytes from `offset` on, as a stream. A resumed read names the ETag the first read
   * saw, so S3 refuses (412) rather than hash the rest of a different object.
   */
  private async streamFrom(key: string, offset: number, etag?: string): Promise<{ body: AsyncIterable<Uint8Array>; size: number; etag: string }> {
    const result = await this.client.send(
      new GetObjectCommand({ Bucket: this.bucket, Key: key, ...(offset > 0 ? { Range: `bytes=${offset}-`, IfMatch: etag } : {}) }),
    );
    // In Node the SDK answers with the response stream itself; the other variants are for browsers.
    if (!(result.Body instanceof Readable)) throw new Error(`GetObject ${key} returned no Node stream`);
    if (result.ContentLength === undefined || result.ETag === undefined) throw new Error(`GetObject ${key} returned no length or ETag`);
    return { body: result.Body, size: offset + result.ContentLength, etag: result.ETag };
  }

  /**
   * Hashes the stored bytes as they stream in, one GET for the whole object, so memory stays at a
   * few socket chunks whatever the size (collecting ranges cost ~140 MB for a 2 GiB object). A
   * connection that breaks off costs only what was in flight: the next GET asks for the rest
   * from the last hashed byte. Gives up after `hashReadAttempts` breaks in a row without progress.
   */
  async sha256(key: string): Promise<string> {
    const hash = createHash('sha256');
    const first = await this.streamFrom(key, 0);
    let body = first.body;
    let hashed = 0;
    let fruitlessReads = 0;
    for (;;) {
      const before = hashed;
      let breakOff: unknown;
      try {
        for await (const chunk of body) {
          hash.update(chunk);
          hashed += chunk.length;
        }
      } catch (error) {
        breakOff = error;
      }
      if (hashed === first.size) return hash.digest('hex');
      fruitlessReads = hashed > before ? 0 : fruitlessReads + 1;
      if (fruitlessReads >= this.hashReadAttempts) {
        throw new Error(`Reading ${key} broke off at byte ${hashed} of ${first.size}, ${fruitlessReads} times in a row`, { cause: breakOff });
      }
      ({ body } = await this.streamFrom(key, hashed, first.etag));
    }
  }

  async protect(key: string): Promise<void> {
    if (this.retention === undefined) return;
    const retainUntil = new Date(this.clock().getTime() + this.retention.days * 86_400_000);
    await this.client.send(
      new PutObjectRetentionCommand({ Bucket: this.bucket, Key: key, Retention: { Mode: this.retention.mode, RetainUntilDate: retainUntil } }),
    );
  }

  async discard(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async presignView(input: { key: string; fileName: string; contentType: string }): Promise<{ url: string; expiresAt: Date }> {
    const signingDate = this.clock();
    const url = await getSignedUrl(
      this.client,
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: input.key,
        ResponseContentDisposition: contentDisposition(input.fileName),
        ResponseContentType: input.contentType,
      }),
      { expiresIn: this.viewUrlTtlSeconds, signingDate },
    );
    return { url, expiresAt: new Date(signingDate.getTime() + this.viewUrlTtlSeconds * 1000) };
  }
}
