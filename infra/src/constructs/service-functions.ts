import type { IKey } from 'aws-cdk-lib/aws-kms';
import { RESOURCE_ENV, type ServiceManifest } from '@peixun/shared';
import { Construct } from 'constructs';
import { DeadLetterQueue } from './dead-letter-queue';
import { ServiceFunction } from './service-function';

/** Variables the infrastructure sets itself; manifest `config` must not shadow them. */
const RESERVED_VARIABLES: ReadonlySet<string> = new Set([...Object.values(RESOURCE_ENV), 'NODE_OPTIONS']);

function environmentOf(manifest: ServiceManifest): Record<string, string> {
  const config = manifest.config ?? {};
  const clash = Object.keys(config).filter((name) => RESERVED_VARIABLES.has(name));
  if (clash.length > 0) {
    throw new Error(`Service ${manifest.name}: config must not set ${clash.join(', ')} (set by the infrastructure)`);
  }
  return { ...config, [RESOURCE_ENV.serviceName]: manifest.name };
}

export interface ServiceFunctionsProps {
  readonly manifest: ServiceManifest;
  readonly key: IKey;
}

/** Every function of one manifest, by the name the manifest's routes and subscriptions use. */
export class ServiceFunctions extends Construct {
  private readonly byName = new Map<string, ServiceFunction>();
  private readonly serviceName: string;

  constructor(scope: Construct, id: string, { manifest, key }: ServiceFunctionsProps) {
    super(scope, id);
    this.serviceName = manifest.name;
    const environment = environmentOf(manifest);
    const eventTargets = new Set(manifest.subscriptions.map((subscription) => subscription.function));
    const outboxRelay = manifest.resources.table?.outbox?.function;

    for (const [name, spec] of Object.entries(manifest.functions)) {
      const asyncFailures = eventTargets.has(name)
        ? new DeadLetterQueue(this, `${name}Failures`, {
            key,
            holds: `${manifest.name}.${name} 重试后仍处理失败的事件`,
          })
        : undefined;
      this.byName.set(
        name,
        new ServiceFunction(this, name, {
          spec,
          environment,
          asyncFailureQueue: asyncFailures?.queue,
          streamConsumer: name === outboxRelay,
        }),
      );
    }
  }

  get(name: string): ServiceFunction {
    const found = this.byName.get(name);
    if (found === undefined) throw new Error(`Service ${this.serviceName} has no function "${name}"`);
    return found;
  }

  get all(): readonly ServiceFunction[] {
    return [...this.byName.values()];
  }
}
