import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership, type IBucket } from 'aws-cdk-lib/aws-s3';
import { S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY } from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import { LOG_RETENTION } from '../defaults';

/** One bucket per stack receives the S3 server access logs of every service bucket. */
export class AccessLogBucket extends Construct {
  private static readonly ID = 'AccessLogs';

  /** The stack's access-log bucket, created on first use so a stack without buckets has none. */
  static of(scope: Construct): IBucket {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(AccessLogBucket.ID);
    return (existing instanceof AccessLogBucket ? existing : new AccessLogBucket(stack, AccessLogBucket.ID)).bucket;
  }

  readonly bucket: Bucket;

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    // Log delivery is allowed by a bucket policy naming each source bucket: BucketOwnerEnforced below
    // disables the LogDeliveryWrite ACL that CDK would otherwise grant.
    this.node.setContext(S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);
    this.bucket = new Bucket(this, 'Bucket', {
      // S3 log delivery can only write to SSE-S3 buckets, not to SSE-KMS ones.
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(LOG_RETENTION) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
