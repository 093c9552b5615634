import { randomUUID } from 'node:crypto';
import type { EventEnvelope, ServiceManifest } from '@peixun/shared';
import { LOCAL_ACCOUNT, LOCAL_PARTITION, LOCAL_REGION } from '../local-aws';
import type { RuntimeLog } from '../log';
import { rateToMs } from './rate';

type Invoke = (service: string, fn: string, event: EventEnvelope) => Promise<unknown>;

export interface LocalScheduler {
  /** Runs a schedule now, as its timer would; resolves with what the function returned. */
  trigger(service: string, schedule: string): Promise<unknown>;
  stop(): void;
}

/** The envelope an EventBridge scheduled rule delivers to its Lambda target. */
function scheduledEvent(service: string, schedule: string, at: Date): EventEnvelope {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: LOCAL_ACCOUNT,
    time: at.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: LOCAL_REGION,
    resources: [`arn:${LOCAL_PARTITION}:events:${LOCAL_REGION}:${LOCAL_ACCOUNT}:rule/peixun-${service}-${schedule}`],
    detail: {},
  };
}

/**
 * Manifest `schedules` on timers, the local stand-in for EventBridge scheduled rules. The first
 * run is one period after start, as in AWS; tests call `trigger` instead of waiting. A failed run
 * is logged and the next one comes at its time.
 */
export function startScheduler(manifests: readonly ServiceManifest[], invoke: Invoke, log: RuntimeLog): LocalScheduler {
  const bindings = manifests.flatMap((manifest) => (manifest.schedules ?? []).map((binding) => ({ service: manifest.name, binding })));
  const run = (service: string, schedule: string, fn: string): Promise<unknown> => invoke(service, fn, scheduledEvent(service, schedule, new Date()));
  const timers = bindings.map(({ service, binding }) => {
    const timer = setInterval(() => {
      run(service, binding.name, binding.function).catch((error: unknown) =>
        log.error(`定时任务 ${service}.${binding.name} 失败 / schedule ${service}.${binding.name} failed`, error),
      );
    }, rateToMs(binding.rate));
    // Timers must not keep a finished test process alive.
    timer.unref();
    return timer;
  });
  return {
    trigger(service, schedule) {
      const found = bindings.find((entry) => entry.service === service && entry.binding.name === schedule);
      if (found === undefined) return Promise.reject(new Error(`Unknown schedule ${service}.${schedule}`));
      return run(service, schedule, found.binding.function);
    },
    stop() {
      for (const timer of timers) clearInterval(timer);
    },
  };
}
