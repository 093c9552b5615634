import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  HttpMethods,
  ObjectLockRetention,
  ObjectOwnership,
  StorageClass,
  type CorsRule,
  type LifecycleRule,
} from 'aws-cdk-lib/aws-s3';
import type { BucketSpec } from '@peixun/shared';
import { Construct } from 'constructs';
import { AccessLogBucket } from './access-log-bucket';

export interface ServiceBucketProps {
  readonly serviceName: string;
  readonly key: IKey;
  readonly spec: BucketSpec;
}

/** Presigned multipart uploads that a client abandons would otherwise be billed forever. */
const DEFAULT_ABORT_INCOMPLETE_UPLOADS_DAYS = 7;

function lifecycleRules(spec: BucketSpec): LifecycleRule[] {
  const lifecycle = spec.lifecycle ?? {};
  const transitions = [
    ...(lifecycle.infrequentAccessAfterDays === undefined
      ? []
      : [{ storageClass: StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(lifecycle.infrequentAccessAfterDays) }]),
    ...(lifecycle.glacierAfterDays === undefined ? [] : [{ storageClass: StorageClass.GLACIER, transitionAfter: Duration.days(lifecycle.glacierAfterDays) }]),
  ];
  return [
    {
      id: 'abort-incomplete-uploads-and-tier',
      abortIncompleteMultipartUploadAfter: Duration.days(lifecycle.abortIncompleteUploadsAfterDays ?? DEFAULT_ABORT_INCOMPLETE_UPLOADS_DAYS),
      ...(transitions.length === 0 ? {} : { transitions }),
    },
    ...(lifecycle.expire === undefined
      ? []
      : [
          {
            id: 'expire',
            prefix: lifecycle.expire.prefix,
            expiration: Duration.days(lifecycle.expire.afterDays),
            // In a versioned bucket expiry only adds a delete marker; the bytes themselves go a day later.
            noncurrentVersionExpiration: Duration.days(1),
          },
        ]),
  ];
}

/**
 * The web console PUTs parts and GETs videos with presigned URLs straight from the browser; it must
 * read each part's ETag to complete the upload. Any origin: the presigned signature, not the
 * origin, is what authorizes a request.
 */
const BROWSER_UPLOAD_CORS: CorsRule = {
  allowedMethods: [HttpMethods.PUT, HttpMethods.GET, HttpMethods.HEAD],
  allowedOrigins: ['*'],
  allowedHeaders: ['*'],
  exposedHeaders: ['ETag', 'Content-Length', 'Content-Range', 'Accept-Ranges'],
  maxAge: 3000,
};

/** The service's private object store (class recordings, bank files): never public, always encrypted. */
export class ServiceBucket extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, { serviceName, key, spec }: ServiceBucketProps) {
    super(scope, id);
    const accessLogs = AccessLogBucket.of(this);
    const accessLogsPrefix = `${serviceName}/`;
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
      // Write once: every object version is retained in governance mode; only a role granted
      // s3:BypassGovernanceRetention (no service function is) could remove one early.
      ...(spec.objectLock === undefined
        ? {}
        : { objectLockEnabled: true, objectLockDefaultRetention: ObjectLockRetention.governance(Duration.days(spec.objectLock.retentionDays)) }),
      serverAccessLogsBucket: accessLogs.destinationFor(this),
      serverAccessLogsPrefix: accessLogsPrefix,
      lifecycleRules: lifecycleRules(spec),
      ...(spec.browserUploads === true ? { cors: [BROWSER_UPLOAD_CORS] } : {}),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    accessLogs.allowDeliveryFrom(this.bucket, accessLogsPrefix);
  }
}
