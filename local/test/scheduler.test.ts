import { defineService, type EventEnvelope } from '@peixun/shared';
import { describe, expect, it } from 'vitest';
import { silentLog } from '../src/log';
import { rateToMs } from '../src/schedules/rate';
import { startScheduler } from '../src/schedules/scheduler';

const manifest = defineService({
  name: 'probe',
  functions: { tick: { entry: '/nowhere/tick.ts', description: 'tick', access: {} } },
  routes: [],
  subscriptions: [],
  schedules: [{ name: 'every-minute', function: 'tick', rate: 'rate(1 minute)' }],
  resources: { publishesEvents: false },
});

describe('manifest schedules in the local runtime', () => {
  it('reads EventBridge rate expressions, refusing what EventBridge refuses', () => {
    expect(rateToMs('rate(1 minute)')).toBe(60_000);
    expect(rateToMs('rate(15 minutes)')).toBe(900_000);
    expect(rateToMs('rate(1 hour)')).toBe(3_600_000);
    expect(rateToMs('rate(2 days)')).toBe(172_800_000);
    for (const wrong of ['rate(1 hours)', 'rate(2 hour)', 'rate(0 minutes)', 'cron(0 * * * ? *)']) expect(() => rateToMs(wrong)).toThrow();
  });

  it('trigger invokes the function with the envelope of an EventBridge scheduled rule', async () => {
    const calls: Array<{ service: string; fn: string; event: EventEnvelope }> = [];
    const scheduler = startScheduler([manifest], async (service, fn, event) => {
      calls.push({ service, fn, event });
      return 'ran';
    }, silentLog);
    try {
      await expect(scheduler.trigger('probe', 'every-minute')).resolves.toBe('ran');
      await expect(scheduler.trigger('probe', 'unknown')).rejects.toThrow(/Unknown schedule/);
    } finally {
      scheduler.stop();
    }
    expect(calls).toEqual([
      {
        service: 'probe',
        fn: 'tick',
        event: expect.objectContaining({
          source: 'aws.events',
          'detail-type': 'Scheduled Event',
          detail: {},
          resources: [expect.stringMatching(/:rule\/peixun-probe-every-minute$/)],
        }),
      },
    ]);
  });
});
