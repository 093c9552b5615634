import { Validations } from 'aws-cdk-lib';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { RESOURCE_ENV } from '@peixun/shared';
import { nagArnOf } from './compliance';
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
