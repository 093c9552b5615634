import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { AccessLogBucket } from './access-log-bucket';

export interface ServiceBucketProps {
  readonly serviceName: string;
  readonly key: IKey;
}

/** The service's private object store (class recordings, bank files): never public, always encrypted. */
export class ServiceBucket extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, { serviceName, key }: ServiceBucketProps) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Bucket', {
      encryption: BucketEncryption.KMS,
      encryptionKey: key,
      // One data key per bucket instead of one KMS call per object: large multipart uploads stay cheap.
      bucketKeyEnabled: true,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // An overwritten or deleted recording can be recovered while the subsidy claim it supports is open.
      versioned: true,
      serverAccessLogsBucket: AccessLogBucket.of(this),
      serverAccessLogsPrefix: `${serviceName}/`,
      // Presigned multipart uploads that a client abandons would otherwise be billed forever.
      lifecycleRules: [{ abortIncompleteMultipartUploadAfter: Duration.days(7) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
