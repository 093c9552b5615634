/**
 * Raw photos (check-ins and enrolment references) go to the service's bucket under `raw/`, where
 * the bucket's lifecycle rule deletes them after the configured retention. They are kept only as
 * evidence for a reviewer and never leave the service: no route returns them, no event carries
 * them. Records point at them by key and keep the SHA-256 of the bytes, which outlives the photo.
 */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

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
}
