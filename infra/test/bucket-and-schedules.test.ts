import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { StackTemplates } from './fixtures/templates';
import { createTestApp, testManifests } from './fixtures/test-app';

/**
 * Manifest `resources.bucket` (BucketSpec) and `schedules`, as the recordings manifest uses them;
 * read from the recordings service's nested stack.
 */
let templates: StackTemplates;
let template: Template;

beforeAll(() => {
  templates = new StackTemplates(createTestApp(testManifests, { bundle: false }).stack);
  template = templates.service('recordings');
});

const functionOf = (service: string, name: string) => templates.functionOf(service, name).function;

/** Every action granted to a function's role, flattened. */
function actionsOf(service: string, name: string): string[] {
  const role = functionOf(service, name).role;
  if (role === undefined) throw new Error('function without a role');
  const policies = templates.service(service).findResources('AWS::IAM::Policy', { Properties: { Roles: Match.arrayWith([{ Ref: templates.logicalId(role) }]) } });
  return Object.values(policies).flatMap((policy) =>
    (policy.Properties.PolicyDocument.Statement as Array<{ Action: string | string[] }>).flatMap((statement) =>
      Array.isArray(statement.Action) ? statement.Action : [statement.Action],
    ),
  );
}

describe('service bucket options (BucketSpec)', () => {
  it('Issue 5: recordings are write-once — Object Lock in governance mode with a default retention', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 5 * 365 } } },
      VersioningConfiguration: { Status: 'Enabled' },
    });
  });

  it('Issue 5: recordings move to cheaper storage with age, and abandoned multipart uploads are aborted after 7 days', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      LifecycleConfiguration: {
        Rules: [
          Match.objectLike({
            Status: 'Enabled',
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
            Transitions: [
              { StorageClass: 'STANDARD_IA', TransitionInDays: 30 },
              { StorageClass: 'GLACIER', TransitionInDays: 180 },
            ],
          }),
        ],
      },
    });
  });

  it('browser uploads: CORS lets the console read each part\'s ETag', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      CorsConfiguration: { CorsRules: [Match.objectLike({ AllowedMethods: ['PUT', 'GET', 'HEAD'], ExposedHeaders: Match.arrayWith(['ETag']) })] },
    });
  });

  it('a bucket without options still aborts incomplete uploads after 7 days, without Object Lock or CORS', () => {
    // The probe service's bucket asks for nothing (claims' bucket, also without Object Lock, asks for browser uploads).
    const probeBuckets = Object.values(templates.service('probe').findResources('AWS::S3::Bucket')).filter(
      (bucket) => bucket.Properties.ObjectLockEnabled === undefined && bucket.Properties.LifecycleConfiguration?.Rules?.[0]?.AbortIncompleteMultipartUpload !== undefined,
    );
    expect(probeBuckets.length).toBeGreaterThan(0);
    for (const bucket of probeBuckets) expect(bucket.Properties.CorsConfiguration).toBeUndefined();
  });

  it('functions may list parts and set retention on their bucket, but never bypass governance retention', () => {
    const actions = actionsOf('recordings', 'verifyRecording');
    // s3:List* covers ListMultipartUploadParts; s3:PutObjectRetention renews the lock at verification.
    expect(actions).toEqual(expect.arrayContaining(['s3:List*', 's3:PutObject', 's3:PutObjectRetention', 's3:Abort*']));
    expect(actions.some((action) => action === 's3:BypassGovernanceRetention' || action === 's3:*')).toBe(false);
  });
});

describe('manifest schedules', () => {
  it('Issue 5: the missing-recording check runs on an EventBridge schedule with retries and a dead-letter queue', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      Name: 'peixun-recordings-missing-recordings',
      ScheduleExpression: 'rate(1 hour)',
      EventBusName: Match.absent(),
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [templates.logicalId(functionOf('recordings', 'detectMissingRecordings')), 'Arn'] },
          RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 20 }),
          DeadLetterConfig: { Arn: Match.anyValue() },
        }),
      ],
    });
  });

  it('EventBridge may write undeliverable schedule events into the service-key-encrypted dead-letter queue', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'EventBridgeScheduleDeadLetters',
            Principal: { Service: 'events.amazonaws.com' },
            Condition: { ArnLike: { 'aws:SourceArn': Match.anyValue() } },
          }),
        ]),
      },
    });
  });
});
