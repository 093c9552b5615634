import { fileURLToPath } from 'node:url';
import { defineService } from '@peixun/shared';
import { afterAll, describe, expect, it } from 'vitest';
import { createFunctionHost, InvocationFailure } from '../src/lambda/function-host';
import { silentLog } from '../src/log';

/**
 * As in Lambda, a function's timeout counts from the moment its handler starts: loading the
 * handler (a cold start) has a budget of its own. Locally a cold start transpiles TypeScript, which
 * on a busy machine outlasted 10 s timeouts and failed first requests that AWS would have served.
 */
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/handlers/${name}.ts`, import.meta.url));
const manifest = defineService({
  name: 'timeoutprobe',
  functions: {
    slowInit: { entry: fixture('slow-init'), description: '加载慢', timeoutSeconds: 1, access: {} },
    slowRun: { entry: fixture('slow-run'), description: '执行慢', timeoutSeconds: 1, access: {} },
  },
  routes: [],
  subscriptions: [],
  resources: { publishesEvents: false },
});

const host = createFunctionHost([manifest], () => ({}), silentLog);
afterAll(() => host.stop());

describe('function host: timeouts', () => {
  it('a cold start longer than the timeout does not fail the invocation, and the handler gets its whole timeout', async () => {
    const answer = (await host.invoke('timeoutprobe', 'slowInit', {})) as { remainingMs: number };
    expect(answer.remainingMs).toBeGreaterThan(500);
    expect(answer.remainingMs).toBeLessThanOrEqual(1_000);
  });

  it('a handler that runs longer than its timeout still times out', async () => {
    const failure = await host.invoke('timeoutprobe', 'slowRun', {}).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(InvocationFailure);
    expect((failure as InvocationFailure).kind).toBe('timeout');
    expect((failure as InvocationFailure).message).toContain('Task timed out after 1 seconds');
  });
});
