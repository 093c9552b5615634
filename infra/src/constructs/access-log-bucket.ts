import { Annotations, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership, type IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { LOG_RETENTION } from '../defaults';
import { rootStackOf } from '../root-stack';

/**
 * One bucket in the parent stack receives the S3 server access logs of every service bucket, in
 * whichever service stack that bucket lives.
 */
export class AccessLogBucket extends Construct {
  private static readonly ID = 'AccessLogs';

  /** The app's access-log bucket (in the top-level stack), created on first use so a deployment without buckets has none. */
  static of(scope: Construct): AccessLogBucket {
    const stack = rootStackOf(scope);
    const existing = stack.node.tryFindChild(AccessLogBucket.ID);
    return existing instanceof AccessLogBucket ? existing : new AccessLogBucket(stack, AccessLogBucket.ID);
  }

  readonly bucket: Bucket;

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Bucket', {
      // S3 log delivery can only write to SSE-S3 buckets, not to SSE-KMS ones.
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      // Log delivery is allowed by a bucket policy naming each source bucket (see `destinationFor`):
      // BucketOwnerEnforced disables the LogDeliveryWrite ACL.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(LOG_RETENTION) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        "This bucket is the server-access-log destination of every service bucket; those buckets live in the services' nested stacks and name it through a stack parameter, which cdk-nag cannot trace back. Logging the log bucket's own access into itself would loop.",
    });
  }

  /**
   * The `serverAccessLogsBucket` for the one bucket `scope` is about to create; call
   * `allowDeliveryFrom` once that bucket exists. For a source bucket in another (nested) stack, CDK's
   * own log-delivery statement leaves out the `aws:SourceArn`/`aws:SourceAccount` conditions that
   * keep other buckets (and other accounts) from writing into these logs. So the source gets an
   * imported reference, for which CDK adds no statement, and `allowDeliveryFrom` adds the
   * conditioned one.
   */
  destinationFor(scope: Construct): IBucket {
    Annotations.of(scope).acknowledgeWarning(
      '@aws-cdk/aws-s3:accessLogsPolicyNotAdded',
      'AccessLogBucket.allowDeliveryFrom adds the log-delivery statement, with source bucket and account conditions, to the access-log bucket in the parent stack.',
    );
    return Bucket.fromBucketAttributes(scope, 'AccessLogsDestination', {
      bucketName: this.bucket.bucketName,
      bucketArn: this.bucket.bucketArn,
    });
  }

  /** Lets S3 log delivery write `source`'s access logs under `prefix`, and nothing else's. */
  allowDeliveryFrom(source: IBucket, prefix: string): void {
    this.bucket.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('logging.s3.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects(`${prefix}*`)],
        conditions: {
          ArnLike: { 'aws:SourceArn': source.bucketArn },
          StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
        },
      }),
    );
  }
}
