import { Validations } from 'aws-cdk-lib';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { FACE_ENGINE_ENV, IDENTITY_AUTHORITY_ENV, LIVENESS_ENGINE_ENV, LIVENESS_REQUIRED_ENV, RESOURCE_ENV, type FunctionAccess } from '@peixun/shared';
import { nagArnOf } from './compliance';
import type { FaceCollection } from './constructs/face-collection';
import type { IdentityAuthorityCredential } from './constructs/identity-authority-credential';
import type { PiiKeySecret } from './constructs/pii-key-secret';
import type { ServiceBucket } from './constructs/service-bucket';
import type { ServiceFunction } from './constructs/service-function';
import type { ServiceTable } from './constructs/service-table';

/**
 * Each helper hands one resource to a function in a single call: the variable the handler reads
 * with `requireEnv(RESOURCE_ENV.…)`, the grant the function's access list asks for (see
 * `FunctionAccess` in shared/src/manifest.ts) and no more, and an acknowledgement for each wildcard
 * that grant brings, with the reason it is acceptable.
 */

export function bindTable(fn: ServiceFunction, { table, indexes }: ServiceTable, access: NonNullable<FunctionAccess['table']>): void {
  fn.function.addEnvironment(RESOURCE_ENV.table, table.tableName);
  if (access === 'readwrite') table.grantReadWriteData(fn.function);
  else table.grantReadData(fn.function);
  fn.acknowledgeKeyGrant();
  if (indexes.length > 0) {
    Validations.of(fn.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagArnOf(table)}/index/*]`,
      reason: `Queries the service's own table through its indexes (${indexes.join(', ')}); the wildcard spans only that table's indexes.`,
    });
  }
}

/**
 * The bucket's name goes to every function of the service (the service's dependencies are built
 * alike for all of them; a name grants nothing); the grants follow the access list, one key
 * prefix at a time.
 */
export function bindBucketName(fn: ServiceFunction, { bucket }: ServiceBucket): void {
  fn.function.addEnvironment(RESOURCE_ENV.bucket, bucket.bucketName);
}

export function bindBucket(fn: ServiceFunction, { bucket }: ServiceBucket, access: NonNullable<FunctionAccess['bucket']>): void {
  const prefixes = new Set<string>();
  for (const prefix of access.read ?? []) {
    bucket.grantRead(fn.function, `${prefix}*`);
    prefixes.add(prefix);
  }
  for (const prefix of access.write ?? []) {
    bucket.grantPut(fn.function, `${prefix}*`);
    prefixes.add(prefix);
  }
  for (const prefix of access.delete ?? []) {
    bucket.grantDelete(fn.function, `${prefix}*`);
    prefixes.add(prefix);
  }
  if (prefixes.size === 0) return;
  fn.acknowledgeKeyGrant();
  const actions = [
    ...((access.read ?? []).length > 0 ? ['s3:GetObject*', 's3:GetBucket*', 's3:List*'] : []),
    ...((access.write ?? []).length > 0 ? ['s3:Abort*'] : []),
    ...((access.delete ?? []).length > 0 ? ['s3:DeleteObject*'] : []),
  ];
  for (const action of actions) {
    Validations.of(fn.role).acknowledge({
      id: `AwsSolutions-IAM5[Action::${action}]`,
      reason: `Part of CDK's ${action.startsWith('s3:Abort') ? 'put' : action.startsWith('s3:Delete') ? 'delete' : 'read'} grant on the service's own bucket, limited to the key prefixes in the function's access list (${[...prefixes].join(', ')}): object reads and versions, listings, aborting multipart uploads, deletes.`,
    });
  }
  for (const prefix of prefixes) {
    Validations.of(fn.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagArnOf(bucket)}/${prefix}*]`,
      reason: `Object keys under ${prefix} are chosen at run time (per class, session, batch or person); the wildcard spans only that prefix of the service's own bucket.`,
    });
  }
}

export function bindEventBus(fn: ServiceFunction, bus: IEventBus): void {
  fn.function.addEnvironment(RESOURCE_ENV.eventBus, bus.eventBusName);
  bus.grantPutEventsTo(fn.function);
}

export function bindPiiKeySecret(fn: ServiceFunction, { secret }: PiiKeySecret): void {
  fn.function.addEnvironment(RESOURCE_ENV.piiKeySecretArn, secret.secretArn);
  secret.grantRead(fn.function);
}

/** The identity-verification service's URL and the ARN of its API key, with read access to that one secret. */
export function bindIdentityAuthority(fn: ServiceFunction, { url, secret }: IdentityAuthorityCredential): void {
  fn.function.addEnvironment(IDENTITY_AUTHORITY_ENV.url, url);
  fn.function.addEnvironment(IDENTITY_AUTHORITY_ENV.apiKeySecretArn, secret.secretArn);
  secret.grantRead(fn.function);
}

/**
 * The cloud face engine: `FACE_ENGINE=rekognition` overrides the manifest's `embedded` default,
 * and the collection's id goes with the grant. Index, search and delete are granted on this
 * collection only; DetectFaces and CompareFaces work on the request's image alone and support no
 * resource-level permissions, so IAM needs "*" for them. ListFaces lets a consent withdrawal find
 * every face of a trainee.
 */
export function bindFaceCollection(fn: ServiceFunction, collection: FaceCollection): void {
  fn.function.addEnvironment(FACE_ENGINE_ENV, 'rekognition');
  fn.function.addEnvironment(RESOURCE_ENV.faceCollectionId, collection.collectionId);
  fn.function.addToRolePolicy(
    new PolicyStatement({
      // ListFaces: a consent withdrawal deletes every face indexed for the trainee (attendance README).
      actions: ['rekognition:IndexFaces', 'rekognition:SearchFacesByImage', 'rekognition:DeleteFaces', 'rekognition:ListFaces'],
      resources: [collection.collectionArn],
    }),
  );
  fn.function.addToRolePolicy(new PolicyStatement({ actions: ['rekognition:DetectFaces', 'rekognition:CompareFaces'], resources: ['*'] }));
  Validations.of(fn.role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'Besides X-Ray (see ServiceFunction): rekognition:DetectFaces and rekognition:CompareFaces analyse only the image in the request and support no resource-level permissions (Service Authorization Reference); the collection actions are limited to the service\'s own collection.',
  });
}

/**
 * The CDK context switch that makes every face check require a passed liveness result
 * (`cdk deploy -c peixun:livenessRequired=true`). Off by default: in AWS liveness runs on
 * Rekognition Face Liveness, whose streamed sessions the web console cannot answer (it runs only the
 * embedded check's burst), so requiring it would refuse every check-in made through the console.
 */
export const LIVENESS_REQUIRED_CONTEXT = 'peixun:livenessRequired';

/**
 * Liveness before face checks (attendance, issue 15). `session` functions run Rekognition Face
 * Liveness in AWS: `LIVENESS_ENGINE=rekognition` overrides the manifest's embedded default, with
 * CreateFaceLivenessSession and GetFaceLivenessSessionResults, which act on no resource IAM can
 * name, on "*". `required` functions refuse a face check without a passed result when the
 * deployment asks for it (`LIVENESS_REQUIRED`, from `LIVENESS_REQUIRED_CONTEXT`), and need no
 * Rekognition permission for it: they consume the result in the service's table.
 */
export function bindFaceLiveness(fn: ServiceFunction, use: 'session' | 'required'): void {
  if (use === 'required') {
    const required: unknown = fn.node.tryGetContext(LIVENESS_REQUIRED_CONTEXT);
    fn.function.addEnvironment(LIVENESS_REQUIRED_ENV, String(required === true || required === 'true'));
    return;
  }
  fn.function.addEnvironment(LIVENESS_ENGINE_ENV, 'rekognition');
  fn.function.addToRolePolicy(
    new PolicyStatement({ actions: ['rekognition:CreateFaceLivenessSession', 'rekognition:GetFaceLivenessSessionResults'], resources: ['*'] }),
  );
  Validations.of(fn.role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'Besides X-Ray (see ServiceFunction): rekognition:CreateFaceLivenessSession and rekognition:GetFaceLivenessSessionResults create and read a short-lived liveness session that exists only as the id the call returns; IAM offers no resource to name.',
  });
}
