import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { FACE_ENGINE_ENV, IDENTITY_AUTHORITY_ENV, LIVENESS_ENGINE_ENV, LIVENESS_REQUIRED_ENV, RESOURCE_ENV, ROLES, TRAINEE_ISSUER_ENV, TTL_ATTRIBUTE, routeKey, traineeRegistered } from '@peixun/shared';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ServiceFunction } from '../src/constructs/service-function';
import { paymentsManifest } from '@peixun/payments/manifest';
import { probeHappened } from './fixtures/probe-manifest';
import { StackTemplates } from './fixtures/templates';
import { createTestApp, TEST_IDENTITY_AUTHORITY_URL, testManifests } from './fixtures/test-app';

/**
 * The platform (user pool, HTTP API, bus, access-log bucket) is read from the parent stack's
 * template, each service's resources from its nested stack's template.
 */
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

let templates: StackTemplates;
let platform: Template;
let assemblyDirectory: string;

// Bundles every function with esbuild: ~250 s in the suite on two busy cores, ~285 s seen with the trainee API added.
beforeAll(() => {
  const built = createTestApp();
  templates = new StackTemplates(built.stack);
  platform = templates.platform;
  assemblyDirectory = built.app.synth().directory;
}, 900_000);

const logicalId = (construct: IConstruct): string => templates.logicalId(construct);
const functionOf = (service: string, name: string): ServiceFunction => templates.functionOf(service, name);
const serviceTemplate = (service: string): Template => templates.service(service);

function resources(template: Template, type: string, props?: Record<string, unknown>): Resources {
  // Every synthesized resource has a Type and, for the types queried here, Properties.
  return template.findResources(type, props === undefined ? undefined : { Properties: props }) as Resources;
}

/** The resources of a type in every template (platform and services); logical ids carry the service name, so they do not collide. */
function allResources(type: string, props?: Record<string, unknown>): Resources {
  return Object.assign({}, ...templates.all.map((template) => resources(template, type, props))) as Resources;
}

/** The same, over the services' nested stacks only (the parent also holds the console's hosting). */
function serviceResources(type: string, props?: Record<string, unknown>): Resources {
  return Object.assign({}, ...templates.all.slice(1).map((template) => resources(template, type, props))) as Resources;
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
  it('one Lambda function per manifest function, in its service\'s stack, nodejs24.x on arm64 with active tracing and its own log group', () => {
    for (const manifest of testManifests) {
      expect(Object.keys(resources(serviceTemplate(manifest.name), 'AWS::Lambda::Function'))).toHaveLength(Object.keys(manifest.functions).length);
    }
    // The parent's only function is CDK's BucketDeployment provider, which publishes the console.
    expect(Object.keys(resources(platform, 'AWS::Lambda::Function'))).toEqual([expect.stringMatching(/^CustomCDKBucketDeployment/)]);
    const functions = serviceResources('AWS::Lambda::Function');
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
    for (const template of templates.all) template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 180 });
  });

  it('memory, timeout and description come from the manifest (256 MB / 10 s when it says nothing)', () => {
    for (const { manifest, name, spec } of everyFunction) {
      serviceTemplate(manifest.name).hasResourceProperties('AWS::Lambda::Function', {
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
      const code = resources(serviceTemplate(manifest.name), 'AWS::Lambda::Function')[id]?.Properties.Code as { S3Key: string };
      const bundle = join(assemblyDirectory, `asset.${code.S3Key.replace(/\.zip$/, '')}`, 'index.mjs');
      expect(readFileSync(bundle, 'utf8')).toMatch(
        /^const require = process\.getBuiltinModule\('node:module'\)\.createRequire\(import\.meta\.url\);/,
      );
      expect(existsSync(`${bundle}.map`)).toBe(true);
    }
  });

  it("the environment carries the service name, its config and exactly the resources the function's access list grants", () => {
    expect(everyFunction.some(({ spec }) => spec.nodeOptions !== undefined)).toBe(true);
    const [busId] = only(resources(platform, 'AWS::Events::EventBus'));
    for (const { manifest, name, spec } of everyFunction) {
      const { bucket } = manifest.resources;
      const { access } = spec;
      const declared = (present: boolean, logicalIdPrefix: string) =>
        present ? { Ref: Match.stringLikeRegexp(`^${logicalIdPrefix}`) } : Match.absent();
      serviceTemplate(manifest.name).hasResourceProperties('AWS::Lambda::Function', {
        Role: getAtt(logicalId(functionOf(manifest.name, name).role), 'Arn'),
        Environment: {
          Variables: {
            ...manifest.config,
            [RESOURCE_ENV.serviceName]: manifest.name,
            // Only a function's own Node flags: source maps are read when a stack is formatted (bundle-stack-traces).
            NODE_OPTIONS: spec.nodeOptions === undefined ? Match.absent() : spec.nodeOptions.join(' '),
            [RESOURCE_ENV.table]: declared(access.table !== undefined, `${manifest.name}Table`),
            // The bucket's name (no grant) goes to every function of a service with a bucket: their dependencies are built alike.
            [RESOURCE_ENV.bucket]: declared(bucket !== undefined, `${manifest.name}Bucket`),
            [RESOURCE_ENV.piiKeySecretArn]: declared(access.piiKey === true, `${manifest.name}PiiKey`),
            // The bus is the platform's: the parent passes its name to the service's stack.
            [RESOURCE_ENV.eventBus]: access.events === true ? templates.fromPlatform(manifest.name, ref(busId)) : Match.absent(),
            [RESOURCE_ENV.piiKey]: Match.absent(),
            // The identity-verification service: its URL from the deployment's context, its key only by the secret's ARN.
            [IDENTITY_AUTHORITY_ENV.url]: access.identityAuthority === true ? TEST_IDENTITY_AUTHORITY_URL : Match.absent(),
            [IDENTITY_AUTHORITY_ENV.apiKeySecretArn]: declared(access.identityAuthority === true, `${manifest.name}IdentityAuthority`),
            [IDENTITY_AUTHORITY_ENV.apiKey]: Match.absent(),
            // With the collection granted the cloud engine replaces the manifest's embedded default.
            ...(access.faces === true
              ? {
                  [FACE_ENGINE_ENV]: 'rekognition',
                  [RESOURCE_ENV.faceCollectionId]: Match.stringLikeRegexp(`-${manifest.name}-faces$`),
                }
              : { [RESOURCE_ENV.faceCollectionId]: Match.absent() }),
            // Liveness: `session` functions run Rekognition Face Liveness; `required` ones refuse checks without a passed result once the deployment switches it on (face-collection.test.ts).
            ...(access.liveness === 'session' ? { [LIVENESS_ENGINE_ENV]: 'rekognition' } : {}),
            ...(access.liveness === 'required' ? { [LIVENESS_REQUIRED_ENV]: 'false' } : {}),
          },
        },
      });
    }
  });

  /** The role's policy document of one function, as JSON text ('' when the role has no policy at all). */
  const policyOf = (service: string, fn: string): string => {
    const role = logicalId(functionOf(service, fn).role);
    const policies = Object.values(resources(serviceTemplate(service), 'AWS::IAM::Policy', { Roles: [ref(role)] }));
    return policies.map((policy) => JSON.stringify(policy.Properties.PolicyDocument)).join('\n');
  };

  it('grants are least privilege: own table only, each grant only where the access list asks for it, no managed policies', () => {
    for (const { manifest, name, spec } of everyFunction) {
      const document = policyOf(manifest.name, name);
      for (const other of testManifests.filter((m) => m.name !== manifest.name)) {
        // Neither directly nor through a stack parameter (`referenceto…<other>Table…`).
        expect(document).not.toContain(`${other.name}Table`);
        expect(document).not.toContain(`${other.name}Bucket`);
      }
      expect(document.includes('events:PutEvents'), `${manifest.name}.${name} events`).toBe(spec.access.events === true);
      expect(document.includes('dynamodb:GetItem'), `${manifest.name}.${name} table read`).toBe(spec.access.table !== undefined);
      expect(document.includes('dynamodb:PutItem'), `${manifest.name}.${name} table write`).toBe(spec.access.table === 'readwrite');
      expect(document.includes('secretsmanager:GetSecretValue'), `${manifest.name}.${name} secrets`).toBe(spec.access.piiKey === true || spec.access.identityAuthority === true);
      expect(/rekognition:(?!CreateFaceLivenessSession|GetFaceLivenessSessionResults)/.test(document), `${manifest.name}.${name} faces`).toBe(spec.access.faces === true);
      expect(document.includes('rekognition:CreateFaceLivenessSession'), `${manifest.name}.${name} liveness`).toBe(spec.access.liveness === 'session');
      const bucket = spec.access.bucket;
      expect(document.includes('s3:GetObject'), `${manifest.name}.${name} bucket read`).toBe((bucket?.read ?? []).length > 0);
      expect(document.includes('s3:PutObject'), `${manifest.name}.${name} bucket write`).toBe((bucket?.write ?? []).length > 0);
      expect(document.includes('s3:DeleteObject'), `${manifest.name}.${name} bucket delete`).toBe((bucket?.delete ?? []).length > 0);
      // Object grants name the prefixes of the list, never the whole bucket.
      for (const prefix of new Set([...(bucket?.read ?? []), ...(bucket?.write ?? []), ...(bucket?.delete ?? [])])) {
        expect(document, `${manifest.name}.${name} ${prefix}`).toContain(`/${prefix}*`);
      }
    }
    for (const manifest of testManifests) serviceTemplate(manifest.name).allResourcesProperties('AWS::IAM::Role', { ManagedPolicyArns: Match.absent() });
    // Besides the console publisher's role (CDK's own, see console-site.ts), the parent has no roles.
    expect(Object.keys(resources(platform, 'AWS::IAM::Role'))).toEqual([expect.stringMatching(/^CustomCDKBucketDeployment/)]);
  });

  it('a read-only function gets no write action: payments.getBatch may read its table but not put, update or delete', () => {
    expect(paymentsManifest.functions.getBatch.access.table).toBe('read');
    const document = policyOf('payments', 'getBatch');
    expect(document).toContain('dynamodb:Query');
    for (const action of ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 's3:PutObject', 'events:PutEvents']) {
      expect(document).not.toContain(action);
    }
  });

  it('the outbox relay puts events on the bus and reads the stream, but no table item', () => {
    const document = policyOf('payments', 'relayOutbox');
    expect(document).toContain('events:PutEvents');
    expect(document).toContain('dynamodb:GetRecords');
    expect(document).not.toContain('dynamodb:GetItem');
    expect(document).not.toContain('dynamodb:PutItem');
  });
});

describe('tables', () => {
  const withTables = testManifests.filter((manifest) => manifest.resources.table !== undefined);

  it('one on-demand table per service, with PITR, a rotated customer-managed key, TTL and deletion protection', () => {
    for (const manifest of testManifests) {
      serviceTemplate(manifest.name).resourceCountIs('AWS::DynamoDB::Table', manifest.resources.table === undefined ? 0 : 1);
    }
    const tables = allResources('AWS::DynamoDB::Table');
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
    for (const manifest of testManifests) {
      serviceTemplate(manifest.name).resourceCountIs('AWS::KMS::Key', 1);
      serviceTemplate(manifest.name).allResourcesProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    }
  });

  it('has one index per manifest entry, keyed gsiNpk/gsiNsk', () => {
    for (const manifest of withTables) {
      const indexes = manifest.resources.table?.indexes ?? [];
      serviceTemplate(manifest.name).hasResourceProperties('AWS::DynamoDB::Table', {
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
  it('a service bucket is private, KMS-encrypted, versioned, TLS-only and logs to the platform\'s access-log bucket', () => {
    const sseS3 = { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] };
    // SSE-S3 in the parent: the access-log bucket and the console's two buckets (site and CloudFront logs).
    const logBucketId = templates.logicalId(templates.stack.node.findChild('AccessLogs').node.findChild('Bucket'));
    for (const template of templates.all.slice(1)) expect(resources(template, 'AWS::S3::Bucket', { BucketEncryption: sseS3 })).toEqual({});
    const serviceBuckets = serviceResources('AWS::S3::Bucket', { VersioningConfiguration: { Status: 'Enabled' } });
    const withBuckets = testManifests.filter((m) => m.resources.bucket !== undefined);
    expect(Object.keys(serviceBuckets)).toHaveLength(withBuckets.length);
    for (const manifest of withBuckets) {
      const template = serviceTemplate(manifest.name);
      const [id, bucket] = only(resources(template, 'AWS::S3::Bucket', { VersioningConfiguration: { Status: 'Enabled' } }));
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
        LoggingConfiguration: { DestinationBucketName: templates.fromPlatform(manifest.name, ref(logBucketId)), LogFilePrefix: `${manifest.name}/` },
      });
      // Log delivery may write this bucket's logs, under its prefix, and only this bucket's (its ARN comes back as an output).
      platform.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: ref(logBucketId),
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Allow',
              Action: 's3:PutObject',
              Principal: { Service: 'logging.s3.amazonaws.com' },
              Resource: { 'Fn::Join': ['', [getAtt(logBucketId, 'Arn'), `/${manifest.name}/*`]] },
              Condition: {
                ArnLike: { 'aws:SourceArn': templates.fromService(manifest.name, getAtt(id, 'Arn')) },
                StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
              },
            }),
          ]),
        },
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

  it('the PII key and the identity-verification API key are secrets of at least 32 characters under the service key', () => {
    const secretsOf = (m: (typeof testManifests)[number]) => Number(m.resources.piiKey === true) + Number(m.resources.identityAuthority === true);
    for (const manifest of testManifests) {
      serviceTemplate(manifest.name).resourceCountIs('AWS::SecretsManager::Secret', secretsOf(manifest));
    }
    const secrets = allResources('AWS::SecretsManager::Secret');
    expect(Object.keys(secrets)).toHaveLength(testManifests.reduce((sum, m) => sum + secretsOf(m), 0));
    for (const secret of Object.values(secrets)) {
      expect(secret.Properties).toMatchObject({ KmsKeyId: { 'Fn::GetAtt': [expect.any(String), 'Arn'] } });
      const generated = secret.Properties.GenerateSecretString as { PasswordLength: number };
      expect(generated.PasswordLength).toBeGreaterThanOrEqual(32);
    }
  });
});

describe('HTTP API', () => {
  const everyRoute = testManifests.flatMap((manifest) => manifest.routes.map((route) => ({ manifest, route })));

  const traineeRoutes = everyRoute.filter(({ route }) => route.contract.access.trainee !== undefined && route.contract.public !== true);
  /** The staff API and its authorizer, and the trainee API and its, told apart by logical id. */
  const apiOf = (prefix: 'HttpApi' | 'HttpTraineeApi'): string => only(Object.fromEntries(Object.entries(resources(platform, 'AWS::ApiGatewayV2::Api')).filter(([id]) => id.startsWith(prefix))))[0];
  const authorizerOf = (apiId: string): [string, ResourceJson] => only(resources(platform, 'AWS::ApiGatewayV2::Authorizer', { ApiId: ref(apiId) }));
  const poolOf = (prefix: 'UsersUserPool' | 'UsersTraineePool'): string =>
    only(Object.fromEntries(Object.entries(resources(platform, 'AWS::Cognito::UserPool')).filter(([id]) => id.startsWith(prefix))))[0];
  const clientOf = (poolId: string): string => only(resources(platform, 'AWS::Cognito::UserPoolClient', { UserPoolId: ref(poolId) }))[0];

  it('two JWT authorizers, one issuer each: the staff API accepts the staff pool and its web client, the trainee API the trainee pool and its client', () => {
    expect(Object.keys(resources(platform, 'AWS::ApiGatewayV2::Authorizer'))).toHaveLength(2);
    for (const [api, pool] of [
      ['HttpApi', 'UsersUserPool'],
      ['HttpTraineeApi', 'UsersTraineePool'],
    ] as const) {
      const [, authorizer] = authorizerOf(apiOf(api));
      expect(authorizer.Properties).toMatchObject({
        AuthorizerType: 'JWT',
        IdentitySource: ['$request.header.Authorization'],
        JwtConfiguration: {
          Audience: [ref(clientOf(poolOf(pool)))],
          Issuer: { 'Fn::Join': ['', expect.arrayContaining(['https://cognito-idp.', ref(poolOf(pool))])] },
        },
      });
    }
  });

  it('the trainee API carries exactly the routes a trainee may call, to the same functions, behind the trainee pool authorizer', () => {
    const apiId = apiOf('HttpTraineeApi');
    const [authorizerId] = authorizerOf(apiId);
    expect(traineeRoutes.length).toBeGreaterThan(0);
    for (const { manifest, route } of traineeRoutes) {
      const template = serviceTemplate(manifest.name);
      const fnId = logicalId(functionOf(manifest.name, route.function).function);
      const [integrationId] = only(
        resources(template, 'AWS::ApiGatewayV2::Integration', { ApiId: templates.fromPlatform(manifest.name, ref(apiId)), IntegrationUri: getAtt(fnId, 'Arn') }),
      );
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        ApiId: templates.fromPlatform(manifest.name, ref(apiId)),
        RouteKey: routeKey(route.contract),
        AuthorizationType: 'JWT',
        AuthorizerId: templates.fromPlatform(manifest.name, ref(authorizerId)),
        Target: { 'Fn::Join': ['', ['integrations/', ref(integrationId)]] },
      });
      // Its function compares tokens with the trainee pool's issuer and keeps only the trainee role of those.
      template.hasResourceProperties('AWS::Lambda::Function', {
        Role: getAtt(logicalId(functionOf(manifest.name, route.function).role), 'Arn'),
        Environment: { Variables: Match.objectLike({ [TRAINEE_ISSUER_ENV]: Match.anyValue() }) },
      });
    }
  });

  it('routes every manifest route, and nothing else, to its function behind the JWT authorizer', () => {
    const apiId = apiOf('HttpApi');
    const [authorizerId] = authorizerOf(apiId);
    expect(Object.keys(allResources('AWS::ApiGatewayV2::Route'))).toHaveLength(everyRoute.length + traineeRoutes.length);
    // Routes live with their functions in the service's stack, on the platform's API.
    platform.resourceCountIs('AWS::ApiGatewayV2::Route', 0);
    for (const manifest of testManifests) {
      const forTrainees = traineeRoutes.filter((entry) => entry.manifest === manifest).length;
      serviceTemplate(manifest.name).resourceCountIs('AWS::ApiGatewayV2::Route', manifest.routes.length + forTrainees);
    }
    for (const { manifest, route } of everyRoute) {
      const template = serviceTemplate(manifest.name);
      const fnId = logicalId(functionOf(manifest.name, route.function).function);
      const [integrationId] = only(
        resources(template, 'AWS::ApiGatewayV2::Integration', {
          ApiId: templates.fromPlatform(manifest.name, ref(apiId)),
          IntegrationUri: getAtt(fnId, 'Arn'),
          PayloadFormatVersion: '2.0',
        }),
      );
      // Public routes (the disclosure list) take no token: API Gateway's NONE authorization.
      const authorization =
        route.contract.public === true
          ? { AuthorizationType: 'NONE', AuthorizerId: Match.absent() }
          : { AuthorizationType: 'JWT', AuthorizerId: templates.fromPlatform(manifest.name, ref(authorizerId)) };
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        ApiId: templates.fromPlatform(manifest.name, ref(apiId)),
        RouteKey: routeKey(route.contract),
        ...authorization,
        Target: { 'Fn::Join': ['', ['integrations/', ref(integrationId)]] },
      });
    }
  });

  it('logs every request as JSON and throttles the stage, on both APIs', () => {
    const stages = Object.values(resources(platform, 'AWS::ApiGatewayV2::Stage'));
    expect(stages).toHaveLength(2);
    for (const stage of stages) checkStage(stage);
  });

  function checkStage(stage: ResourceJson): void {
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
  }
});

describe('users', () => {
  const pools = (): Resources => resources(platform, 'AWS::Cognito::UserPool');
  const poolNamed = (prefix: string): [string, ResourceJson] => only(Object.fromEntries(Object.entries(pools()).filter(([id]) => id.startsWith(prefix))));

  it('two pools: staff with TOTP MFA required, trainees with TOTP MFA optional; neither uses SMS', () => {
    expect(Object.keys(pools())).toHaveLength(2);
    const [, staff] = poolNamed('UsersUserPool');
    const [, trainees] = poolNamed('UsersTraineePool');
    expect(staff.Properties).toMatchObject({ MfaConfiguration: 'ON', EnabledMfas: ['SOFTWARE_TOKEN_MFA'] });
    expect(trainees.Properties).toMatchObject({ MfaConfiguration: 'OPTIONAL', EnabledMfas: ['SOFTWARE_TOKEN_MFA'] });
    for (const pool of [staff, trainees]) {
      expect(pool.Properties.SmsConfiguration).toBeUndefined();
      expect(pool.Properties).toMatchObject({ AdminCreateUserConfig: { AllowAdminCreateUserOnly: true }, UserPoolTier: 'PLUS' });
    }
    // Trainees carry no institution or area: nothing a trainee token says could act for a school or an office.
    expect(JSON.stringify(trainees.Properties.Schema ?? [])).not.toMatch(/institution_id|area_code/);
  });

  it('admin-created accounts only, strong passwords, required MFA, Plus tier threat protection', () => {
    platform.hasResourceProperties('AWS::Cognito::UserPool', {
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

  it('one group per staff role in the staff pool; the trainee pool has the trainee group and no staff group', () => {
    const groupsOf = (prefix: string): unknown[] =>
      Object.values(resources(platform, 'AWS::Cognito::UserPoolGroup', { UserPoolId: ref(poolNamed(prefix)[0]) })).map((group) => group.Properties.GroupName);
    expect(groupsOf('UsersUserPool').sort()).toEqual(ROLES.filter((role) => role !== 'trainee').sort());
    expect(groupsOf('UsersTraineePool')).toEqual(['trainee']);
    expect(Object.keys(resources(platform, 'AWS::Cognito::UserPoolGroup'))).toHaveLength(ROLES.length);
  });

  it('lets users read but not write their institution and area', () => {
    platform.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      ReadAttributes: Match.arrayWith(['custom:area_code', 'custom:institution_id']),
      WriteAttributes: Match.not(Match.arrayWith([Match.stringLikeRegexp('^custom:')])),
    });
  });
});

describe('events', () => {
  it('has the peixun bus with a one-year archive', () => {
    const [busId] = only(resources(platform, 'AWS::Events::EventBus', { Name: 'peixun' }));
    platform.hasResourceProperties('AWS::Events::Archive', {
      SourceArn: getAtt(busId, 'Arn'),
      RetentionDays: 365,
      KmsKeyIdentifier: Match.absent(),
    });
  });

  it('has one rule per subscription on the bus, in the subscribing service\'s stack', () => {
    const [busId] = only(resources(platform, 'AWS::Events::EventBus'));
    const subscriptions = testManifests.flatMap((manifest) => manifest.subscriptions);
    // Scheduled rules (manifest `schedules`) have no pattern and live on the default bus.
    expect(Object.keys(allResources('AWS::Events::Rule', { EventPattern: Match.anyValue() }))).toHaveLength(subscriptions.length);
    platform.resourceCountIs('AWS::Events::Rule', 0);
    for (const manifest of testManifests) {
      const rules = resources(serviceTemplate(manifest.name), 'AWS::Events::Rule', { EventPattern: Match.anyValue() });
      expect(Object.keys(rules)).toHaveLength(manifest.subscriptions.length);
      for (const rule of Object.values(rules)) expect(rule.Properties.EventBusName).toEqual(templates.fromPlatform(manifest.name, ref(busId)));
    }
  });

  it('a subscription to one contract matches with that contract\'s pattern', () => {
    serviceTemplate('probe').hasResourceProperties('AWS::Events::Rule', {
      Description: Match.stringLikeRegexp('^probe\\.TraineeRegistered:'),
      EventPattern: traineeRegistered.pattern,
    });
  });

  it('a subscription to several contracts matches any of them, not their cross product', () => {
    serviceTemplate('probe').hasResourceProperties('AWS::Events::Rule', {
      Description: Match.stringLikeRegexp('^probe\\.Everything:'),
      EventPattern: { $or: [traineeRegistered.pattern, probeHappened.pattern] },
    });
  });

  it('each rule targets its function with retries, an age limit and its own encrypted, alarmed dead-letter queue', () => {
    const subscriptions = testManifests.flatMap((manifest) => manifest.subscriptions.map((s) => ({ manifest, s })));
    const deadLetterQueues = new Set<string>();
    for (const { manifest, s: subscription } of subscriptions) {
      const template = serviceTemplate(manifest.name);
      const [, rule] = only(
        resources(template, 'AWS::Events::Rule', { Description: Match.stringLikeRegexp(`^${manifest.name}\\.${subscription.name}:`) }),
      );
      const [target, ...more] = rule.Properties.Targets as RuleTarget[];
      expect(more).toHaveLength(0);
      expect(target?.Arn).toEqual(getAtt(logicalId(functionOf(manifest.name, subscription.function).function), 'Arn'));
      expect(target?.RetryPolicy).toEqual({ MaximumRetryAttempts: 20, MaximumEventAgeInSeconds: 6 * 3600 });
      const queueId = target?.DeadLetterConfig.Arn['Fn::GetAtt'][0] ?? '';
      deadLetterQueues.add(queueId);
      expectEncryptedAlarmedQueue(template, queueId, manifest.name);
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
    expect(Object.keys(allResources('AWS::Lambda::EventInvokeConfig'))).toHaveLength(eventTargets.length);
    for (const { manifest, name } of eventTargets) {
      const template = serviceTemplate(manifest.name);
      const fnId = logicalId(functionOf(manifest.name, name).function);
      const [, config] = only(resources(template, 'AWS::Lambda::EventInvokeConfig', { FunctionName: ref(fnId) }));
      expect(config.Properties).toMatchObject({ MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 6 * 3600 });
      const { OnFailure } = config.Properties.DestinationConfig as { OnFailure: { Destination: GetAtt } };
      expectEncryptedAlarmedQueue(template, OnFailure.Destination['Fn::GetAtt'][0], manifest.name);
    }
  });
});

/** The queue (in the service's template) is encrypted with its service's key, accepts TLS only, and alarms on its first message. */
function expectEncryptedAlarmedQueue(template: Template, queueId: string, service: string): void {
  expect(resources(template, 'AWS::SQS::Queue')[queueId]?.Properties).toMatchObject({
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
