import { GetObjectCommand, HeadObjectCommand, NotFound, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { awsClientConfig } from '@peixun/shared';

const TTL_SECONDS = 900;

/** Where a certificate's scan is kept. */
export const scanKeyOf = (certificateNumber: string): string => `scans/${encodeURIComponent(certificateNumber)}`;

/**
 * Certificate scans in the service's bucket: the trainee's browser PUTs the file straight to S3
 * through a presigned URL (the function never carries it); reviewers view it through a presigned
 * GET. Checksums only when required: a presigned PUT must not sign a checksum of an empty body.
 */
export class ScanStore {
  private readonly client = new S3Client({ ...awsClientConfig(), requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });

  constructor(private readonly bucket: string) {}

  /** Signed with the system clock, which S3 judges expiry by (not the domain's `now()`, which tests move). */
  async presignUpload(key: string, contentType: string, size: number): Promise<{ url: string; expiresAt: string }> {
    const at = new Date();
    const url = await getSignedUrl(this.client, new PutObjectCommand({ Bucket: this.bucket, Key: key, ContentType: contentType, ContentLength: size }), {
      expiresIn: TTL_SECONDS,
      signingDate: at,
    });
    return { url, expiresAt: new Date(at.getTime() + TTL_SECONDS * 1000).toISOString() };
  }

  async presignView(key: string): Promise<string> {
    return getSignedUrl(this.client, new GetObjectCommand({ Bucket: this.bucket, Key: key }), { expiresIn: TTL_SECONDS });
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (error) {
      if (error instanceof NotFound || (error instanceof Error && error.name === 'NotFound')) return false;
      throw error;
    }
  }
}
