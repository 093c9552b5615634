import { SignJWT, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { FUNCTION_DEFAULTS } from '@peixun/shared';
import { useLocalRuntime } from '../../test/support/runtime';
import { probeManifest } from './fixtures/manifest';

const runtime = useLocalRuntime({ manifests: [probeManifest], maxBodyBytes: 64 * 1024 });

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
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('gives each service its own environment, wired to the local engines', async () => {
    const { echo: result } = await echo('/probe/env/echo');
    const { urls } = runtime();
    expect(result.env).toMatchObject({
      TABLE_NAME: 'peixun-probe',
      BUCKET_NAME: 'peixun-probe-local',
      EVENT_BUS_NAME: 'peixun',
      POWERTOOLS_SERVICE_NAME: 'probe',
      PROBE_GREETING: '你好',
      AWS_ENDPOINT_URL_DYNAMODB: urls.dynamodb,
      AWS_ENDPOINT_URL_S3: urls.s3,
      AWS_ENDPOINT_URL_EVENTBRIDGE: urls.events,
    });
    expect(result.env.PII_KEY?.length).toBeGreaterThanOrEqual(32);
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

  it('answers the CORS preflight without a token', async () => {
    const response = await fetch(`${runtime().urls.api}/probe/x/echo`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-headers')).toContain('authorization');
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
