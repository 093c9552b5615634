import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_PART, Readiness, readinessGate } from '../src/readiness/readiness';

/** The API port from the moment it opens: never a hanging request, a 503 that says what is missing. */
let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

async function serve(readiness: Readiness) {
  const gate = readinessGate(readiness);
  server = createServer(gate.listener);
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  return { gate, get: (path: string) => fetch(`${base}${path}`, { signal: AbortSignal.timeout(2_000) }) };
}

describe('readiness', () => {
  it('answers 503 with Retry-After and the parts still starting, in Chinese, until the gateway is installed and ready', async () => {
    const readiness = new Readiness();
    const { gate, get } = await serve(readiness);
    readiness.ready('dynamodb');
    const early = await get('/classes');
    expect(early.status).toBe(503);
    expect(early.headers.get('retry-after')).toBe('2');
    const body = (await early.json()) as { message: string; starting: Array<{ part: string }> };
    expect(body.message).toContain('S3 模拟服务');
    expect(body.starting.map((part) => part.part)).not.toContain('dynamodb');

    gate.install((_request, response) => response.end('gateway'));
    expect((await get('/classes')).status).toBe(503);
    for (const part of ['s3', 'events', 'tables', 'functions', 'gateway']) readiness.ready(part);
    expect(await (await get('/classes')).text()).toBe('gateway');
  });

  it('health names what is still starting; the demo world does not hold the API back but is reported', async () => {
    const readiness = new Readiness();
    readiness.expect(DEMO_PART);
    const { gate, get } = await serve(readiness);
    gate.install((_request, response) => response.end('gateway'));
    for (const part of ['dynamodb', 's3', 'events', 'tables', 'functions', 'gateway']) readiness.ready(part);
    expect(await (await get('/classes')).text()).toBe('gateway');
    const health = await get('/_local/health');
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'starting', starting: [{ part: 'demo', name: '演示数据' }] });
    readiness.ready('demo');
    expect(await (await get('/_local/health')).json()).toMatchObject({ status: 'ready', starting: [] });
  });
});
