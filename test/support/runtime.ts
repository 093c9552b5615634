/**
 * The local runtime for end-to-end tests: in memory, on free ports, silent, with fast bus retries.
 *
 *   const runtime = useLocalRuntime();
 *   it('…', async () => {
 *     const response = await runtime().request('POST', '/trainees', { as: 'school1', body: {…} });
 *     expect(response.status).toBe(201);
 *   });
 *
 * Date rules (a class starts on its first session's day) are reached by moving the clock handlers
 * read through `now()`; put it back afterwards, the runtime is shared by the file:
 *
 *   afterEach(() => runtime().setClock(undefined));
 *   runtime().setClock(new Date('2027-10-11T08:00:00+08:00'));
 */
import { afterAll, beforeAll } from 'vitest';
import { startLocalRuntime, type LocalRuntime, type LocalRuntimeOptions } from '../../local/src/runtime';

export interface RequestOptions {
  /** Seeded username or role name whose token is sent; no Authorization header when absent. */
  as?: string;
  /** Serialised as JSON unless it is already a string or a Buffer. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface TestResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON when the response is JSON (including problem+json), the text otherwise. */
  body: unknown;
}

export interface TestRuntime extends LocalRuntime {
  request(method: string, path: string, options?: RequestOptions): Promise<TestResponse>;
}

export const TEST_RUNTIME_DEFAULTS: LocalRuntimeOptions = {
  quiet: true,
  retry: { attempts: 3, baseDelayMs: 20 },
};

function encodeBody(body: unknown): { payload?: string | Uint8Array<ArrayBuffer>; contentType?: string } {
  if (body === undefined) return {};
  if (typeof body === 'string') return { payload: body };
  if (Buffer.isBuffer(body)) return { payload: new Uint8Array(body) };
  return { payload: JSON.stringify(body), contentType: 'application/json' };
}

export async function startTestRuntime(options: LocalRuntimeOptions = {}): Promise<TestRuntime> {
  const runtime = await startLocalRuntime({ ...TEST_RUNTIME_DEFAULTS, ...options });
  return {
    ...runtime,
    async request(method, path, { as, body, headers = {} } = {}) {
      const { payload, contentType } = encodeBody(body);
      const response = await fetch(`${runtime.urls.api}${path}`, {
        method,
        headers: {
          ...(contentType === undefined ? {} : { 'content-type': contentType }),
          ...(as === undefined ? {} : { authorization: `Bearer ${await runtime.issuer.tokenFor(as)}` }),
          ...headers,
        },
        ...(payload === undefined ? {} : { body: payload }),
      });
      const text = await response.text();
      const isJson = /json/.test(response.headers.get('content-type') ?? '');
      return { status: response.status, headers: response.headers, body: isJson && text !== '' ? JSON.parse(text) : text };
    },
  };
}

/** Starts one runtime for the enclosing test file (or describe block) and stops it afterwards. */
export function useLocalRuntime(options: LocalRuntimeOptions = {}): () => TestRuntime {
  let runtime: TestRuntime | undefined;
  beforeAll(async () => {
    runtime = await startTestRuntime(options);
  });
  afterAll(async () => {
    await runtime?.stop();
  });
  return () => {
    if (runtime === undefined) throw new Error('useLocalRuntime: the runtime is only available inside tests');
    return runtime;
  };
}
