import { Validations } from 'aws-cdk-lib';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { FACE_ENGINE_ENV, IDENTITY_AUTHORITY_ENV, RESOURCE_ENV } from '@peixun/shared';
import { nagArnOf } from './compliance';
import type { FaceCollection } from './constructs/face-collection';
import type { IdentityAuthorityCredential } from './constructs/identity-authority-credential';
import type { PiiKeySecret } from './constructs/pii-key-secret';
import type { ServiceBucket } from './constructs/service-bucket';
import type { ServiceFunction } from './constructs/service-function';
import type { ServiceTable } from './constructs/service-table';

/**
 * Each helper hands one resource to a function in a single call: the variable the handler reads
 * with `requireEnv(RESOURCE_ENV.…)`, the narrowest grant the resource's L2 offers, and an
 * acknowledgement for each wildcard that grant brings, with the reason it is acceptable.
 */

export function bindTable(fn: ServiceFunction, { table, indexes }: ServiceTable): void {
  fn.function.addEnvironment(RESOURCE_ENV.table, table.tableName);
  table.grantReadWriteData(fn.function);
  fn.acknowledgeKeyGrant();
  if (indexes.length > 0) {
    Validations.of(fn.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagArnOf(table)}/index/*]`,
      reason: `Queries the service's own table through its indexes (${indexes.join(', ')}); the wildcard spans only that table's indexes.`,
    });
  }
}

export function bindBucket(fn: ServiceFunction, { bucket }: ServiceBucket): void {
  fn.function.addEnvironment(RESOURCE_ENV.bucket, bucket.bucketName);
  bucket.grantReadWrite(fn.function);
  fn.acknowledgeKeyGrant();
  const objectActions = ['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'];
  for (const action of objectActions) {
    Validations.of(fn.role).acknowledge({
      id: `AwsSolutions-IAM5[Action::${action}]`,
      reason: `Part of CDK's read/write grant on the service's own bucket only: object reads, listings, deletes and aborting multipart uploads (presigned uploads of recordings).`,
    });
  }
  Validations.of(fn.role).acknowledge({
    id: `AwsSolutions-IAM5[Resource::${nagArnOf(bucket)}/*]`,
    reason: "Object keys are chosen at run time (per class and session); the wildcard spans only the service's own bucket.",
  });
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
