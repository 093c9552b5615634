/**
 * Raw photos (check-ins and enrolment references) go to the service's bucket under `raw/`, where
 * the bucket's lifecycle rule deletes them after the configured retention. They are kept only as
 * evidence for a reviewer and never leave the service: no route returns them, no event carries
 * them. Records point at them by key and keep the SHA-256 of the bytes, which outlives the photo.
 */
import { DeleteObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

export const RAW_PHOTO_PREFIX = 'raw/';

export class PhotoStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  /** The object key for a photo: always under the expiring prefix. */
  keyFor(name: string): string {
    return `${RAW_PHOTO_PREFIX}${name}`;
  }

  async put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: bytes, ContentType: contentType }));
  }

  /** Deletes every photo under `prefix` (a trainee's reference photos, when consent is withdrawn). Idempotent. */
  async deleteUnder(prefix: string): Promise<number> {
    let deleted = 0;
    let ContinuationToken: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken }));
      for (const object of page.Contents ?? []) {
        if (object.Key === undefined) continue;
        await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: object.Key }));
        deleted += 1;
      }
      ContinuationToken = page.IsTruncated === true ? page.NextContinuationToken : undefined;
    } while (ContinuationToken !== undefined);
    return deleted;
  }
}
