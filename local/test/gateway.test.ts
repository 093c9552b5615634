import { connect, type Socket } from 'node:net';
import { SignJWT, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { FUNCTION_DEFAULTS } from '@peixun/shared';
import { useLocalRuntime } from '../../test/support/runtime';
import type { DevIssuer } from '../src/identity/issuer';
import type { RuntimeLog } from '../src/log';
import { SEEDED_USERS } from '../src/identity/users';
import { probeManifest } from './fixtures/manifest';

/** The issuer's private key, to sign tokens it would never issue (the forgeries of issue 13). */
const signingKeyOf = (issuer: DevIssuer): { privateKey: CryptoKey; kid: string } => (issuer as unknown as { key: { privateKey: CryptoKey; kid: string } }).key;
const SEEDED_ADMIN_SUB = SEEDED_USERS.find((user) => user.username === 'admin')?.sub ?? '';

/** What the runtime logged, to tell a client's abort (info) from a gateway failure (error). */
const logged: Array<{ level: 'info' | 'warn' | 'error'; message: string }> = [];
const captured: RuntimeLog = {
  info: (message) => logged.push({ level: 'info', message }),
  warn: (message) => logged.push({ level: 'warn', message }),
  error: (message) => logged.push({ level: 'error', message }),
  output: () => {},
};

const runtime = useLocalRuntime({ manifests: [probeManifest], maxBodyBytes: 64 * 1024, bodyTimeoutMs: 1_000, log: captured });

/** Sends a request's head and the first bytes of a body that never completes, on a raw socket. */
function startSlowBody(): Promise<{ socket: Socket; received: () => string }> {
  const { port } = new URL(runtime().urls.api);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', async () => {
      const token = await runtime().issuer.tokenFor('admin');
      socket.write(`POST /probe/slow/echo HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Bearer ${token}\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"a":`);
      resolve({ socket, received: () => data });
    });
    let data = '';
    socket.on('data', (chunk) => (data += chunk.toString()));
    socket.on('error', () => {});
    socket.once('error', reject);
  });
}

interface Echo {
  event: {
    version: string;
    routeKey: string;
    rawPath: string;
    rawQueryString: string;
    cookies?: string[];
    headers: Record<string, string>;
    queryStringParameters?: Record<string, string>;
    pathParameters?: Record<string, string>;
    body?: string;
    isBase64Encoded: boolean;
    requestContext: {
      requestId: string;
      routeKey: string;
      stage: string;
      time: string;
      timeEpoch: number;
      http: { method: string; path: string; sourceIp: string; userAgent: string; protocol: string };
      authorizer: { jwt: { claims: Record<string, string>; scopes: string[] | null } };
    };
  };
  env: Record<string, string>;
  context: { functionName: string; invokedFunctionArn: string; memoryLimitInMB: string; awsRequestId: string; remainingMs: number };
}

async function echo(path: string, init: RequestInit & { as?: string } = {}): Promise<{ response: Response; echo: Echo }> {
  const { as = 'school1', headers, ...rest } = init;
  const token = await runtime().issuer.tokenFor(as);
  const response = await fetch(`${runtime().urls.api}${path}`, {
    method: 'POST',
    ...rest,
    headers: { authorization: `Bearer ${token}`, ...headers },
  });
  return { response, echo: (await response.json()) as Echo };
}

describe('HTTP gateway: payload format 2.0 events', () => {
  it('builds the event API Gateway would send, with claims flattened to strings', async () => {
    const { response, echo: result } = await echo('/probe/p%201/echo?verbose=yes&tag=a&tag=b', {
      headers: { 'content-type': 'application/json', 'X-Custom-Header': 'Value', cookie: 'a=1; b=2' },
      body: JSON.stringify({ note: '备注' }),
    });
    expect(response.status).toBe(200);
    const { event } = result;
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'POST /probe/{probeId}/echo',
      rawPath: '/probe/p%201/echo',
      rawQueryString: 'verbose=yes&tag=a&tag=b',
      cookies: ['a=1', 'b=2'],
      queryStringParameters: { verbose: 'yes', tag: 'a,b' },
      pathParameters: { probeId: 'p 1' },
      body: '{"note":"备注"}',
      isBase64Encoded: false,
    });
    expect(event.headers['x-custom-header']).toBe('Value');
    expect(event.headers.cookie).toBeUndefined();
    expect(event.requestContext).toMatchObject({
      routeKey: 'POST /probe/{probeId}/echo',
      stage: '$default',
      http: { method: 'POST', path: '/probe/p%201/echo', sourceIp: '127.0.0.1', protocol: 'HTTP/1.1' },
    });
    expect(event.requestContext.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(response.headers.get('apigw-requestid')).toBe(event.requestContext.requestId);

    const { claims, scopes } = event.requestContext.authorizer.jwt;
    expect(claims).toMatchObject({
      'cognito:groups': '[institution]',
      'cognito:username': 'school1',
      'custom:institution_id': 'ins_demo',
      token_use: 'id',
      aud: 'peixun-local-web',
      iss: runtime().urls.api,
    });
    expect(Object.values(claims).every((value) => typeof value === 'string')).toBe(true);
    expect(claims.exp).toMatch(/^\d+$/);
    expect(scopes).toBeNull();
  });

  it('base64-encodes a binary body', async () => {
    const bytes = Buffer.from([0, 1, 2, 250, 255]);
    const { echo: result } = await echo('/probe/bin/echo', { headers: { 'content-type': 'application/octet-stream' }, body: bytes });
    expect(result.event.isBase64Encoded).toBe(true);
    expect(Buffer.from(result.event.body ?? '', 'base64')).toEqual(bytes);
  });

  it('leaves out body, query and cookies when the request has none', async () => {
    const { echo: result } = await echo('/probe/plain/echo');
    expect(result.event).not.toHaveProperty('body');
    expect(result.event).not.toHaveProperty('queryStringParameters');
    expect(result.event).not.toHaveProperty('cookies');
    expect(result.event.isBase64Encoded).toBe(false);
  });

  it('writes back the structured result: status, headers, cookies, body', async () => {
    const { response } = await echo('/probe/x/echo');
    expect(response.headers.get('x-probe')).toBe('echo');
    expect(response.headers.get('set-cookie')).toBe('probe=1; Path=/');
    // No Origin (curl, the SDK): no CORS headers; browsers get them only on the console's origins.
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('gives each function its own environment, wired to the local engines', async () => {
    const { echo: result } = await echo('/probe/env/echo');
    const { urls } = runtime();
    expect(result.env).toMatchObject({
      TABLE_NAME: 'peixun-probe',
      BUCKET_NAME: 'peixun-probe-local',
      EVENT_BUS_NAME: 'peixun',
      POWERTOOLS_SERVICE_NAME: 'probe',
      PROBE_GREETING: '你好',
      // The function's own key, checked against its access list in front of the engines (src/access/).
      AWS_ACCESS_KEY_ID: 'LOCALFNprobeEcho',
      AWS_ENDPOINT_URL_S3: urls.s3,
      AWS_ENDPOINT_URL_EVENTBRIDGE: urls.events,
    });
    expect(result.env.PII_KEY?.length).toBeGreaterThanOrEqual(32);
    // DynamoDB Local behind the access-checking proxy, not the engine's own port.
    expect(result.env.AWS_ENDPOINT_URL_DYNAMODB).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(result.env.AWS_ENDPOINT_URL_DYNAMODB).not.toBe(urls.dynamodb);
    expect(result.context).toMatchObject({ functionName: 'peixun-probe-echo', memoryLimitInMB: String(FUNCTION_DEFAULTS.memoryMb) });
    expect(result.context.invokedFunctionArn).toMatch(/^arn:aws-cn:lambda:cn-northwest-1:000000000000:function:peixun-probe-echo$/);
    expect(result.context.remainingMs).toBeGreaterThan(0);
    expect(result.context.remainingMs).toBeLessThanOrEqual(FUNCTION_DEFAULTS.timeoutSeconds * 1_000);
  });
});

describe('HTTP gateway: JWT authorizer', () => {
  const unauthorized = { status: 401, body: { message: 'Unauthorized' } };

  it('answers 401 without a token, before the function runs', async () => {
    const response = await runtime().request('POST', '/probe/x/echo');
    expect(response).toMatchObject(unauthorized);
  });

  it('answers 401 for a malformed token', async () => {
    const response = await runtime().request('POST', '/probe/x/echo', { headers: { authorization: 'Bearer not-a-jwt' } });
    expect(response).toMatchObject(unauthorized);
  });

  it('answers 401 for a token signed by a key outside the issuer\'s JWKS', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT({ 'cognito:groups': ['admin'] })
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer(runtime().urls.api)
      .setAudience(runtime().issuer.clientId)
      .setSubject('intruder')
      .setExpirationTime('10m')
      .sign(privateKey);
    const response = await runtime().request('POST', '/probe/x/echo', { headers: { authorization: `Bearer ${forged}` } });
    expect(response).toMatchObject(unauthorized);
  });

  it('answers the CORS preflight without a token, for the console\'s origins only (issue 13)', async () => {
    const preflight = (origin: string) =>
      fetch(`${runtime().urls.api}/probe/x/echo`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
    for (const origin of ['http://127.0.0.1:5173', runtime().urls.api]) {
      const response = await preflight(origin);
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(origin);
      expect(response.headers.get('access-control-allow-headers')).toContain('authorization');
    }
    const elsewhere = await preflight('https://evil.example');
    expect(elsewhere.headers.get('access-control-allow-origin')).toBeNull();
    expect(elsewhere.headers.get('access-control-allow-headers')).toBeNull();
    const answered = await fetch(`${runtime().urls.api}/probe/x/echo`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', authorization: `Bearer ${await runtime().issuer.tokenFor('admin')}` },
    });
    expect(answered.headers.get('access-control-allow-origin')).toBeNull();
    expect(answered.headers.get('vary')).toContain('origin');
  });

  it('answers 401 for a well-signed token without exp, as API Gateway does (issue 13)', async () => {
    const { privateKey, kid } = signingKeyOf(runtime().issuer);
    const forever = await new SignJWT({ 'cognito:groups': ['admin'], 'cognito:username': 'admin' })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setIssuer(runtime().urls.api)
      .setAudience(runtime().issuer.clientId)
      .setSubject(SEEDED_ADMIN_SUB)
      .sign(privateKey);
    expect(await runtime().request('POST', '/probe/x/echo', { headers: { authorization: `Bearer ${forever}` } })).toMatchObject(unauthorized);
  });

  it('answers 401 for a well-signed token of a user the dev issuer does not know (issue 13)', async () => {
    const { privateKey, kid } = signingKeyOf(runtime().issuer);
    const ghost = await new SignJWT({ 'cognito:groups': ['admin'], 'cognito:username': 'ghost' })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setIssuer(runtime().urls.api)
      .setAudience(runtime().issuer.clientId)
      .setSubject('00000000-0000-4000-8000-000000000000')
      .setExpirationTime('10m')
      .sign(privateKey);
    expect(await runtime().request('POST', '/probe/x/echo', { headers: { authorization: `Bearer ${ghost}` } })).toMatchObject(unauthorized);
    // A user the issuer was asked to issue a token for (a test making up a person) is one of its users.
    const made = await runtime().issuer.issue({ username: 'made-up', sub: '00000000-0000-4000-8000-000000000001', name: '某人', groups: ['admin'] });
    expect((await runtime().request('POST', '/probe/x/echo', { headers: { authorization: `Bearer ${made.idToken}` } })).status).toBe(200);
  });
});

describe('HTTP gateway: the local tools (/_local/*) answer an admin only (issue 13)', () => {
  it.each(['/_local/events', '/_local/dead-letters', '/_local/clock'])('GET %s: 401 without a token, 403 for another role, 200 for admin', async (path) => {
    expect((await runtime().request('GET', path)).status).toBe(401);
    expect((await runtime().request('GET', path, { as: 'school1' })).status).toBe(403);
    expect((await runtime().request('GET', path, { as: 'admin' })).status).toBe(200);
  });

  it.each(['/_local/bank/status-report', '/_local/identity-authority/people', '/_local/identity-authority/outage', '/_local/clock'])(
    'POST %s: 401 without a token, 403 for another role',
    async (path) => {
      expect((await runtime().request('POST', path, { body: {} })).status).toBe(401);
      expect((await runtime().request('POST', path, { as: 'reviewer1', body: {} })).status).toBe(403);
    },
  );

  it('the health page stays open (it tells what is starting, nothing more)', async () => {
    expect((await runtime().request('GET', '/_local/health')).status).toBe(200);
  });
});

describe('HTTP gateway: slow and departing clients (issue 13)', () => {
  it('answers 408 to a client that does not finish its body within the bound, and closes its socket', async () => {
    const started = Date.now();
    const { socket, received } = await startSlowBody();
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    await closed;
    expect(received()).toMatch(/^HTTP\/1\.1 408 /);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('logs a client that leaves mid-body as such, at info level, not as a gateway error', async () => {
    const before = logged.length;
    const { socket } = await startSlowBody();
    // Let the gateway start reading the body before the client leaves.
    await new Promise((resolve) => setTimeout(resolve, 300));
    socket.destroy();
    await expect.poll(() => logged.slice(before).some((entry) => entry.level === 'info' && entry.message.includes('client closed the connection')), { timeout: 3_000 }).toBe(true);
    expect(logged.slice(before).filter((entry) => entry.level === 'error')).toEqual([]);
  });
});

describe('HTTP gateway: routing and failures', () => {
  it('answers 404 for an unknown path or a method the route does not have', async () => {
    expect(await runtime().request('GET', '/nowhere', { as: 'admin' })).toMatchObject({ status: 404, body: { message: 'Not Found' } });
    expect(await runtime().request('GET', '/probe/x/echo', { as: 'admin' })).toMatchObject({ status: 404 });
  });

  it('answers 413 when the body exceeds the limit', async () => {
    const response = await runtime().request('POST', '/probe/x/echo', { as: 'admin', body: 'x'.repeat(65 * 1024) });
    expect(response.status).toBe(413);
  });

  it('turns a throwing handler into a 500 and keeps serving', async () => {
    expect(await runtime().request('GET', '/probe/crash', { as: 'admin' })).toMatchObject({
      status: 500,
      body: { message: 'Internal Server Error' },
    });
    expect((await runtime().request('POST', '/probe/after-crash/echo', { as: 'admin' })).status).toBe(200);
  });

  it('reports a function whose entry file does not exist yet, with a 500 rather than a crash', async () => {
    expect(runtime().missingEntries).toEqual([expect.objectContaining({ service: 'probe', function: 'missing' })]);
    expect((await runtime().request('GET', '/probe/missing', { as: 'admin' })).status).toBe(500);
  });

  it('times a stuck handler out and replaces its worker', async () => {
    const started = Date.now();
    expect((await runtime().request('GET', '/probe/hang', { as: 'admin' })).status).toBe(500);
    expect(Date.now() - started).toBeLessThan(5_000);
    // The worker was blocked for good; the next call gets a fresh one.
    await expect.poll(async () => (await runtime().request('POST', '/probe/revived/echo', { as: 'admin' })).status, { timeout: 10_000 }).toBe(200);
  });
});
