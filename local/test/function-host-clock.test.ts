import { fileURLToPath } from 'node:url';
import { defineService } from '@peixun/shared';
import { afterAll, describe, expect, it } from 'vitest';
import { createFunctionHost } from '../src/lambda/function-host';
import { silentLog } from '../src/log';

/**
 * The host sends the runtime's clock offset with every invocation and the worker applies it before
 * the handler runs, so `now()` inside a handler answers the time a test set (`runtime.setClock`).
 */
const clockManifest = defineService({
  name: 'clockprobe',
  functions: { clock: { entry: fileURLToPath(new URL('./fixtures/handlers/clock.ts', import.meta.url)), description: '报时', access: {} } },
  routes: [],
  subscriptions: [],
  resources: { publishesEvents: false },
});

const host = createFunctionHost([clockManifest], () => ({}), silentLog);
afterAll(() => host.stop());

const ask = async () => (await host.invoke('clockprobe', 'clock', {})) as { now: string; system: string };
const MINUTE = 60_000;

describe('function host: the clock handlers see', () => {
  it('is the system time until a clock is set', async () => {
    const { now, system } = await ask();
    expect(Math.abs(Date.parse(now) - Date.parse(system))).toBeLessThan(1_000);
  });

  it('answers the set time in the handler, and keeps running from there', async () => {
    const at = new Date('2027-01-11T08:00:00+08:00');
    host.setClock(at);
    const first = await ask();
    expect(Date.parse(first.now) - at.getTime()).toBeGreaterThanOrEqual(0);
    expect(Date.parse(first.now) - at.getTime()).toBeLessThan(MINUTE);
    // Only the handler's `now()` moves: the worker's own Date (deadlines, timers, TTLs) stays real.
    expect(Math.abs(Date.parse(first.system) - Date.now())).toBeLessThan(MINUTE);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(Date.parse((await ask()).now)).toBeGreaterThan(Date.parse(first.now));
  });

  it('moves again when set again, even backwards, and returns to the system time when cleared', async () => {
    host.setClock(new Date('2020-02-29T12:00:00Z'));
    expect((await ask()).now.slice(0, 13)).toBe('2020-02-29T12');
    host.setClock(undefined);
    const { now, system } = await ask();
    expect(Math.abs(Date.parse(now) - Date.parse(system))).toBeLessThan(1_000);
  });
});
