import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { FACE_ENGINE_ENV, RESOURCE_ENV, ROLES, TTL_ATTRIBUTE, routeKey, traineeRegistered } from '@peixun/shared';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ServiceFunction } from '../src/constructs/service-function';
import type { PeixunStack } from '../src/peixun-stack';
import { probeHappened } from './fixtures/probe-manifest';
import { createTestApp, testManifests } from './fixtures/test-app';

/** The parts of a synthesized resource these tests read. */
interface ResourceJson {
  readonly Type: string;
  readonly Properties: Record<string, unknown>;
  readonly DeletionPolicy?: string;
}
type Resources = Record<string, ResourceJson>;
type GetAtt = { 'Fn::GetAtt': [string, string] };
interface RuleTarget {
  readonly Arn: unknown;
  readonly RetryPolicy: unknown;
  readonly DeadLetterConfig: { readonly Arn: GetAtt };
}

const getAtt = (logicalId: string, attribute: string): GetAtt => ({ 'Fn::GetAtt': [logicalId, attribute] });
const ref = (logicalId: string) => ({ Ref: logicalId });

let stack: PeixunStack;
let template: Template;
let assemblyDirectory: string;

beforeAll(() => {
  const built = createTestApp();
  stack = built.stack;
  template = Template.fromStack(stack);
  assemblyDirectory = built.app.synth().directory;
});

function logicalId(construct: IConstruct): string {
  const cfn = construct.node.defaultChild;
  if (!CfnElement.isCfnElement(cfn)) throw new Error(`${construct.node.path} has no CloudFormation element`);
  return stack.getLogicalId(cfn);
}

function functionOf(service: string, name: string): ServiceFunction {
  const found = stack.services.get(service);
  if (found === undefined) throw new Error(`No service ${service} in the stack`);
  return found.functions.get(name);
}

function resources(type: string, props?: Record<string, unknown>): Resources {
  // Every synthesized resource has a Type and, for the types queried here, Properties.
  return template.findResources(type, props === undefined ? undefined : { Properties: props }) as Resources;
}

function only(found: Resources): [string, ResourceJson] {
  const entries = Object.entries(found);
  expect(entries).toHaveLength(1);
  const [entry] = entries;
  if (entry === undefined) throw new Error('unreachable: length checked above');
  return entry;
}

const everyFunction = testManifests.flatMap((manifest) =>
  Object.entries(manifest.functions).map(([name, spec]) => ({ manifest, name, spec })),
);

describe('functions', () => {
  it('one Lambda function per manifest function, nodejs24.x on arm64 with active tracing and its own log group', () => {
    const functions = resources('AWS::Lambda::Function');
    expect(Object.keys(functions)).toHaveLength(everyFunction.length);
    for (const { Properties } of Object.values(functions)) {
      expect(Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogGroup: { Ref: expect.any(String) } },
      });
    }
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 180 });
  });

  it('memory, timeout and description come from the manifest (256 MB / 10 s when it says nothing)', () => {
    for (const { manifest, name, spec } of everyFunction) {
      template.hasResourceProperties('AWS::Lambda::Function', {
        FunctionName: Match.absent(),
        Description: spec.description,
        MemorySize: spec.memoryMb ?? 256,
        Timeout: spec.timeoutSeconds ?? 10,
        Role: getAtt(logicalId(functionOf(manifest.name, name).role), 'Arn'),
      });
    }
  });

  it('each handler is bundled by the local esbuild into an ESM module with a require shim and a source map', () => {
    for (const { manifest, name } of everyFunction) {
      const id = logicalId(functionOf(manifest.name, name).function);
      // The code's S3 key is the asset hash, and the assembly keeps the asset in `asset.<hash>`.
      const code = resources('AWS::Lambda::Function')[id]?.Properties.Code as { S3Key: string };
      const bundle = join(assemblyDirectory, `asset.${code.S3Key.replace(/\.zip$/, '')}`, 'index.mjs');
      expect(readFileSync(bundle, 'utf8')).toMatch(
        /^import \{ createRequire \} from 'node:module'; const require = createRequire\(import\.meta\.url\);/,
      );
      expect(existsSync(`${bundle}.map`)).toBe(true);
    }
  });

  it('the environment carries the service name, its config and exactly the resources its manifest declares', () => {
    expect(everyFunction.some(({ spec }) => spec.nodeOptions !== undefined)).toBe(true);
    for (const { manifest, name, spec } of everyFunction) {
      const { table, bucket, piiKey, publishesEvents, faceCollection } = manifest.resources;
      const declared = (present: boolean, logicalIdPrefix: string) =>
        present ? { Ref: Match.stringLikeRegexp(`^${logicalIdPrefix}`) } : Match.absent();
      template.hasResourceProperties('AWS::Lambda::Function', {
        Role: getAtt(logicalId(functionOf(manifest.name, name).role), 'Arn'),
        Environment: {
          Variables: {
            ...manifest.config,
            [RESOURCE_ENV.serviceName]: manifest.name,
            // Source maps for every function; a function's own Node flags come after.
            NODE_OPTIONS: ['--enable-source-maps', ...(spec.nodeOptions ?? [])].join(' '),
            [RESOURCE_ENV.table]: declared(table !== undefined, `${manifest.name}Table`),
            [RESOURCE_ENV.bucket]: declared(bucket !== undefined, `${manifest.name}Bucket`),
            [RESOURCE_ENV.piiKeySecretArn]: declared(piiKey === true, `${manifest.name}PiiKey`),
            [RESOURCE_ENV.eventBus]: declared(publishesEvents, 'EventsBus'),
            [RESOURCE_ENV.piiKey]: Match.absent(),
            // With a collection the cloud engine replaces the manifest's embedded default.
            ...(faceCollection === true
              ? {
                  [FACE_ENGINE_ENV]: 'rekognition',
                  [RESOURCE_ENV.faceCollectionId]: Match.stringLikeRegexp(`-${manifest.name}-faces$`),
                }
              : { [RESOURCE_ENV.faceCollectionId]: Match.absent() }),
          },
        },
      });
    }
  });

  it('grants are least privilege: own table only, PutEvents only for publishers, no managed policies', () => {
    for (const { manifest, name } of everyFunction) {
      const fn = functionOf(manifest.name, name);
      const [, policy] = only(resources('AWS::IAM::Policy', { Roles: [ref(logicalId(fn.role))] }));
      const document = JSON.stringify(policy.Properties.PolicyDocument);
      for (const other of testManifests.filter((m) => m.name !== manifest.name)) {
        expect(document).not.toContain(`"${other.name}Table`);
        expect(document).not.toContain(`"${other.name}Bucket`);
      }
      expect(document.includes('events:PutEvents')).toBe(manifest.resources.publishesEvents);
    }
    template.allResourcesProperties('AWS::IAM::Role', { ManagedPolicyArns: Match.absent() });
  });
});

describe('tables', () => {
  const withTables = testManifests.filter((manifest) => manifest.resources.table !== undefined);

  it('one on-demand table per service, with PITR, a rotated customer-managed key, TTL and deletion protection', () => {
    const tables = resources('AWS::DynamoDB::Table');
    expect(Object.keys(tables)).toHaveLength(withTables.length);
    for (const table of Object.values(tables)) {
      expect(table.DeletionPolicy).toBe('Retain');
      expect(table.Properties).toMatchObject({
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: {
          SSEEnabled: true,
          SSEType: 'KMS',
          KMSMasterKeyId: { 'Fn::GetAtt': [expect.any(String), 'Arn'] },
        },
        TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
        DeletionProtectionEnabled: true,
      });
    }
    template.allResourcesProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('has one index per manifest entry, keyed gsiNpk/gsiNsk', () => {
    for (const manifest of withTables) {
      const indexes = manifest.resources.table?.indexes ?? [];
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        Tags: Match.arrayWith([{ Key: 'peixun:service', Value: manifest.name }]),
        GlobalSecondaryIndexes: indexes.map((index) => ({
          IndexName: index,
          KeySchema: [
            { AttributeName: `${index}pk`, KeyType: 'HASH' },
            { AttributeName: `${index}sk`, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        })),
      });
    }
  });
});

describe('buckets and secrets', () => {
  it('a service bucket is private, KMS-encrypted, versioned, TLS-only and logs to the access-log bucket', () => {
    const sseS3 = { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] };
    const [logBucketId] = only(resources('AWS::S3::Bucket', { BucketEncryption: sseS3 }));
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: ref(logBucketId),
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Allow', Action: 's3:PutObject', Principal: { Service: 'logging.s3.amazonaws.com' } }),
        ]),
      },
    });
    const serviceBuckets = resources('AWS::S3::Bucket', { VersioningConfiguration: { Status: 'Enabled' } });
    expect(Object.keys(serviceBuckets)).toHaveLength(testManifests.filter((m) => m.resources.bucket !== undefined).length);
    for (const [id, bucket] of Object.entries(serviceBuckets)) {
      expect(bucket.DeletionPolicy).toBe('Retain');
      expect(bucket.Properties).toMatchObject({
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            { BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } },
          ],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        LoggingConfiguration: { DestinationBucketName: ref(logBucketId) },
      });
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: ref(id),
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
  });

  it('the PII key is a generated secret of at least 32 characters under the service key', () => {
    const secrets = resources('AWS::SecretsManager::Secret');
    expect(Object.keys(secrets)).toHaveLength(testManifests.filter((m) => m.resources.piiKey === true).length);
    for (const secret of Object.values(secrets)) {
      expect(secret.Properties).toMatchObject({ KmsKeyId: { 'Fn::GetAtt': [expect.any(String), 'Arn'] } });
      const generated = secret.Properties.GenerateSecretString as { PasswordLength: number };
      expect(generated.PasswordLength).toBeGreaterThanOrEqual(32);
    }
  });
});

describe('HTTP API', () => {
  const everyRoute = testManifests.flatMap((manifest) => manifest.routes.map((route) => ({ manifest, route })));

  it('has a JWT authorizer backed by the user pool and its web client', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [{ Ref: Match.stringLikeRegexp('^UsersUserPoolWebClient') }],
        Issuer: Match.objectLike({
          'Fn::Join': ['', Match.arrayWith(['https://cognito-idp.', { Ref: Match.stringLikeRegexp('^UsersUserPool') }])],
        }),
      },
    });
  });

  it('routes every manifest route, and nothing else, to its function behind the JWT authorizer', () => {
    const [authorizerId] = only(resources('AWS::ApiGatewayV2::Authorizer'));
    expect(Object.keys(resources('AWS::ApiGatewayV2::Route'))).toHaveLength(everyRoute.length);
    for (const { manifest, route } of everyRoute) {
      const fnId = logicalId(functionOf(manifest.name, route.function).function);
      const [integrationId] = only(
        resources('AWS::ApiGatewayV2::Integration', { IntegrationUri: getAtt(fnId, 'Arn'), PayloadFormatVersion: '2.0' }),
      );
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: routeKey(route.contract),
        AuthorizationType: 'JWT',
        AuthorizerId: ref(authorizerId),
        Target: { 'Fn::Join': ['', ['integrations/', ref(integrationId)]] },
      });
    }
  });

  it('logs every request as JSON and throttles the stage', () => {
    const [, stage] = only(resources('AWS::ApiGatewayV2::Stage'));
    expect(stage.Properties).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: expect.any(Number), ThrottlingBurstLimit: expect.any(Number) },
      AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [expect.any(String), 'Arn'] }, Format: expect.any(String) },
    });
    const format = JSON.parse(String((stage.Properties.AccessLogSettings as { Format: string }).Format));
    expect(format).toMatchObject({
      requestId: '$context.requestId',
      routeKey: '$context.routeKey',
      status: '$context.status',
    });
  });
});

describe('users', () => {
  it('admin-created accounts only, strong passwords, required MFA, Plus tier threat protection', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: Match.objectLike({ AllowAdminCreateUserOnly: true }),
      MfaConfiguration: 'ON',
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: 12,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        }),
      },
      Schema: Match.arrayWith([
        Match.objectLike({ Name: 'institution_id', AttributeDataType: 'String' }),
        Match.objectLike({ Name: 'area_code', AttributeDataType: 'String' }),
      ]),
    });
  });

  it('has one group per role', () => {
    const groups = Object.values(resources('AWS::Cognito::UserPoolGroup')).map((group) => group.Properties.GroupName);
    expect(groups.sort()).toEqual([...ROLES].sort());
  });

  it('lets users read but not write their institution and area', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      ReadAttributes: Match.arrayWith(['custom:area_code', 'custom:institution_id']),
      WriteAttributes: Match.not(Match.arrayWith([Match.stringLikeRegexp('^custom:')])),
    });
  });
});

describe('events', () => {
  it('has the peixun bus with a one-year archive', () => {
    const [busId] = only(resources('AWS::Events::EventBus', { Name: 'peixun' }));
    template.hasResourceProperties('AWS::Events::Archive', {
      SourceArn: getAtt(busId, 'Arn'),
      RetentionDays: 365,
      KmsKeyIdentifier: Match.absent(),
    });
  });

  it('has one rule per subscription on the bus', () => {
    const [busId] = only(resources('AWS::Events::EventBus'));
    const subscriptions = testManifests.flatMap((manifest) => manifest.subscriptions);
    // Scheduled rules (manifest `schedules`) have no pattern and live on the default bus.
    const rules = resources('AWS::Events::Rule', { EventPattern: Match.anyValue() });
    expect(Object.keys(rules)).toHaveLength(subscriptions.length);
    for (const rule of Object.values(rules)) expect(rule.Properties.EventBusName).toEqual(ref(busId));
  });

  it('a subscription to one contract matches with that contract\'s pattern', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      Description: Match.stringLikeRegexp('^probe\\.TraineeRegistered:'),
      EventPattern: traineeRegistered.pattern,
    });
  });

  it('a subscription to several contracts matches any of them, not their cross product', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      Description: Match.stringLikeRegexp('^probe\\.Everything:'),
      EventPattern: { $or: [traineeRegistered.pattern, probeHappened.pattern] },
    });
  });

  it('each rule targets its function with retries, an age limit and its own encrypted, alarmed dead-letter queue', () => {
    const subscriptions = testManifests.flatMap((manifest) => manifest.subscriptions.map((s) => ({ manifest, s })));
    const deadLetterQueues = new Set<string>();
    for (const { manifest, s: subscription } of subscriptions) {
      const [, rule] = only(
        resources('AWS::Events::Rule', { Description: Match.stringLikeRegexp(`^${manifest.name}\\.${subscription.name}:`) }),
      );
      const [target, ...more] = rule.Properties.Targets as RuleTarget[];
      expect(more).toHaveLength(0);
      expect(target?.Arn).toEqual(getAtt(logicalId(functionOf(manifest.name, subscription.function).function), 'Arn'));
      expect(target?.RetryPolicy).toEqual({ MaximumRetryAttempts: 20, MaximumEventAgeInSeconds: 6 * 3600 });
      const queueId = target?.DeadLetterConfig.Arn['Fn::GetAtt'][0] ?? '';
      deadLetterQueues.add(queueId);
      expectEncryptedAlarmedQueue(queueId, manifest.name);
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [ref(queueId)],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Allow', Action: 'sqs:SendMessage', Principal: { Service: 'events.amazonaws.com' } }),
          ]),
        },
      });
    }
    expect(deadLetterQueues.size).toBe(subscriptions.length);
  });

  it('a function that events invoke sends what its handler keeps failing to an on-failure queue', () => {
    const eventTargets = testManifests.flatMap((manifest) =>
      [...new Set(manifest.subscriptions.map((s) => s.function))].map((name) => ({ manifest, name })),
    );
    expect(Object.keys(resources('AWS::Lambda::EventInvokeConfig'))).toHaveLength(eventTargets.length);
    for (const { manifest, name } of eventTargets) {
      const fnId = logicalId(functionOf(manifest.name, name).function);
      const [, config] = only(resources('AWS::Lambda::EventInvokeConfig', { FunctionName: ref(fnId) }));
      expect(config.Properties).toMatchObject({ MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 6 * 3600 });
      const { OnFailure } = config.Properties.DestinationConfig as { OnFailure: { Destination: GetAtt } };
      expectEncryptedAlarmedQueue(OnFailure.Destination['Fn::GetAtt'][0], manifest.name);
    }
  });
});

/** The queue is encrypted with its service's key, accepts TLS only, and alarms on its first message. */
function expectEncryptedAlarmedQueue(queueId: string, service: string): void {
  expect(resources('AWS::SQS::Queue')[queueId]?.Properties).toMatchObject({
    KmsMasterKeyId: { 'Fn::GetAtt': [expect.stringMatching(new RegExp(`^${service}Key`)), 'Arn'] },
    MessageRetentionPeriod: 14 * 24 * 3600,
  });
  template.hasResourceProperties('AWS::SQS::QueuePolicy', {
    Queues: [ref(queueId)],
    PolicyDocument: {
      Statement: Match.arrayWith([
        Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      ]),
    },
  });
  template.hasResourceProperties('AWS::CloudWatch::Alarm', {
    Namespace: 'AWS/SQS',
    MetricName: 'ApproximateNumberOfMessagesVisible',
    Dimensions: [{ Name: 'QueueName', Value: getAtt(queueId, 'QueueName') }],
    ComparisonOperator: 'GreaterThanThreshold',
    Threshold: 0,
  });
}
