import { fileURLToPath } from 'node:url';
import { defineRoute, defineService } from '@peixun/shared';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { useLocalRuntime } from '../../test/support/runtime';

/**
 * `POST /_local/clock` (admin token, local runtime only) moves the time every function reads
 * through `now()`, so a check-in window or a deadline can be tried at once.
 */
const clockRoute = defineRoute({
  method: 'GET',
  path: '/clockprobe/now',
  operationId: 'clockProbe',
  summary: '报时',
  tags: ['测试'],
  access: { trainee: 'any', admin: 'any' },
  response: { status: 200, schema: z.object({ now: z.string() }) },
});
const clockManifest = defineService({
  name: 'clockprobe',
  functions: { now: { entry: fileURLToPath(new URL('./fixtures/handlers/clock-route.ts', import.meta.url)), description: '报时', access: {} } },
  routes: [{ contract: clockRoute, function: 'now' }],
  subscriptions: [],
  resources: { publishesEvents: false },
});

const runtime = useLocalRuntime({ manifests: [clockManifest] });
const MINUTE = 60_000;

const handlerNow = async (): Promise<number> => Date.parse(((await runtime().request('GET', '/clockprobe/now', { as: 'trainee1' })).body as { now: string }).now);
/** `as: null` sends no token. */
const setClock = (at: string | null, as: string | null = 'admin') => runtime().request('POST', '/_local/clock', { ...(as === null ? {} : { as }), body: { at } });

describe('dev clock', () => {
  it('moves the time functions read, from which it keeps running, and says so', async () => {
    const at = '2027-03-01T09:05:00+08:00';
    const moved = await setClock(at);
    expect(moved).toMatchObject({ status: 200, body: { beijingTime: expect.stringMatching(/^2027-03-01T09:05/) } });
    const seen = await handlerNow();
    expect(seen - Date.parse(at)).toBeGreaterThanOrEqual(0);
    expect(seen - Date.parse(at)).toBeLessThan(MINUTE);
    expect((await runtime().request('GET', '/_local/clock', { as: 'admin' })).body).toMatchObject({ now: expect.stringMatching(/^2027-03-01T01:0/) });
  });

  it('{"at": null} returns to the system time', async () => {
    await setClock('2020-02-29T12:00:00Z');
    expect((await setClock(null)).body).toMatchObject({ offsetSeconds: 0 });
    expect(Math.abs((await handlerNow()) - Date.now())).toBeLessThan(MINUTE);
  });

  it('only an admin moves it: 401 without a token, 403 for anyone else; the time stays', async () => {
    expect((await setClock('2030-01-01T00:00:00Z', null)).status).toBe(401);
    const refused = await setClock('2030-01-01T00:00:00Z', 'school1');
    expect(refused).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect(Math.abs((await handlerNow()) - Date.now())).toBeLessThan(MINUTE);
  });

  it('like every /_local/ tool, reading it also takes an admin token', async () => {
    expect((await runtime().request('GET', '/_local/clock')).status).toBe(401);
    expect((await runtime().request('GET', '/_local/clock', { as: 'school1' })).status).toBe(403);
  });

  it('a time without its zone is refused with 400 and an example', async () => {
    const refused = await runtime().request('POST', '/_local/clock', { as: 'admin', body: { at: '2027-03-01 09:05' } });
    expect(refused).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', detail: expect.stringContaining('+08:00') } });
  });
});
