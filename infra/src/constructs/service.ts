import { RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { FunctionAccess, ServiceManifest } from '@peixun/shared';
import { Construct } from 'constructs';
import { bindBucket, bindBucketName, bindEventBus, bindFaceCollection, bindFaceLiveness, bindIdentityAuthority, bindPiiKeySecret, bindTable } from '../bindings';
import { FaceCollection } from './face-collection';
import { IdentityAuthorityCredential } from './identity-authority-credential';
import type { PeixunHttpApi } from './http-api';
import { OutboxRelay } from './outbox-relay';
import { PiiKeySecret } from './pii-key-secret';
import { ScheduleRule, scheduleRuleName } from './schedule-rule';
import { ServiceBucket } from './service-bucket';
import { ServiceFunctions } from './service-functions';
import { ServiceTable } from './service-table';
import { SubscriptionRule } from './subscription-rule';

export interface ServiceProps {
  readonly manifest: ServiceManifest;
  /** The shared bus (in the parent stack): published to and subscribed on. */
  readonly bus: IEventBus;
  /** The shared HTTP API (in the parent stack): the service's routes are attached to it from here. */
  readonly api: PeixunHttpApi;
}

/**
 * Everything one manifest asks for: its key, table, bucket and secret, its functions bound to
 * exactly those resources, its API routes, and a rule per subscription. Nothing here is shared with
 * another service; the bus, the API and the access-log bucket it uses belong to the platform.
 */
export class Service extends Construct {
  readonly functions: ServiceFunctions;

  constructor(scope: Construct, id: string, { manifest, bus, api }: ServiceProps) {
    super(scope, id);
    Tags.of(this).add('peixun:service', manifest.name);

    // One key per service: revoking or auditing a service's data access is one key policy.
    const key = new Key(this, 'Key', {
      alias: `alias/peixun/${manifest.name}`,
      description: `Encrypts the data of the ${manifest.name} service (table, bucket, secret, dead letters)`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.functions = new ServiceFunctions(this, 'Functions', { manifest, key });
    const { table, bucket, publishesEvents, piiKey } = manifest.resources;
    // Each function gets what its access list names, and nothing the rest of the service needs.
    const granted = (wants: (access: FunctionAccess) => boolean) =>
      Object.entries(manifest.functions)
        .filter(([, spec]) => wants(spec.access))
        .map(([name]) => this.functions.get(name));

    if (table !== undefined) {
      const serviceTable = new ServiceTable(this, 'Table', { spec: table, key });
      for (const [name, spec] of Object.entries(manifest.functions)) {
        if (spec.access.table !== undefined) bindTable(this.functions.get(name), serviceTable, spec.access.table);
      }
      if (table.outbox !== undefined) {
        new OutboxRelay(this, 'Outbox', { table: serviceTable, relay: this.functions.get(table.outbox.function), key });
      }
    }
    if (bucket !== undefined) {
      const serviceBucket = new ServiceBucket(this, 'Bucket', { serviceName: manifest.name, key, spec: bucket });
      this.functions.all.forEach((fn) => bindBucketName(fn, serviceBucket));
      for (const [name, spec] of Object.entries(manifest.functions)) {
        if (spec.access.bucket !== undefined) bindBucket(this.functions.get(name), serviceBucket, spec.access.bucket);
      }
    }
    if (piiKey === true) {
      const secret = new PiiKeySecret(this, 'PiiKey', { key });
      granted((access) => access.piiKey === true).forEach((fn) => bindPiiKeySecret(fn, secret));
    }
    if (manifest.resources.identityAuthority === true) {
      const credential = new IdentityAuthorityCredential(this, 'IdentityAuthority', { key });
      granted((access) => access.identityAuthority === true).forEach((fn) => bindIdentityAuthority(fn, credential));
    }
    if (publishesEvents) {
      granted((access) => access.events === true).forEach((fn) => bindEventBus(fn, bus));
    }
    if (manifest.resources.faceCollection === true) {
      const collection = new FaceCollection(this, 'Faces', { serviceName: manifest.name });
      granted((access) => access.faces === true).forEach((fn) => bindFaceCollection(fn, collection));
    }
    for (const use of ['session', 'required'] as const) {
      granted((access) => access.liveness === use).forEach((fn) => bindFaceLiveness(fn, use));
    }

    if (manifest.subscriptions.length > 0) {
      // EventBridge writes undeliverable events into the key-encrypted dead-letter queues. The
      // condition matches the bus's rules by ARN pattern: naming each rule would make the key depend
      // on the rules, which depend on the queues, which depend on the key.
      key.addToResourcePolicy(
        new PolicyStatement({
          sid: 'EventBridgeDeadLetters',
          principals: [new ServicePrincipal('events.amazonaws.com')],
          actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
          resources: ['*'],
          conditions: {
            ArnLike: {
              'aws:SourceArn': Stack.of(this).formatArn({
                service: 'events',
                resource: 'rule',
                resourceName: `${bus.eventBusName}/*`,
              }),
            },
          },
        }),
      );
    }
    if ((manifest.schedules ?? []).length > 0) {
      // Scheduled rules run on the default bus, outside the pattern above; their names are fixed.
      key.addToResourcePolicy(
        new PolicyStatement({
          sid: 'EventBridgeScheduleDeadLetters',
          principals: [new ServicePrincipal('events.amazonaws.com')],
          actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
          resources: ['*'],
          conditions: {
            ArnLike: {
              'aws:SourceArn': Stack.of(this).formatArn({ service: 'events', resource: 'rule', resourceName: scheduleRuleName(manifest.name, '*') }),
            },
          },
        }),
      );
    }
    for (const schedule of manifest.schedules ?? []) {
      new ScheduleRule(this, `Every${schedule.name}`, {
        serviceName: manifest.name,
        schedule,
        target: this.functions.get(schedule.function).function,
        key,
      });
    }
    const routes = new Construct(this, 'Routes');
    for (const route of manifest.routes) {
      api.addRoute(routes, route.contract, this.functions.get(route.function).function);
    }
    for (const subscription of manifest.subscriptions) {
      new SubscriptionRule(this, `On${subscription.name}`, {
        serviceName: manifest.name,
        subscriptionName: subscription.name,
        events: subscription.events,
        bus,
        target: this.functions.get(subscription.function).function,
        key,
      });
    }
  }
}
