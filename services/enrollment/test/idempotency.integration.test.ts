import { randomBytes } from 'node:crypto';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { piiCipherFromSecret } from '@peixun/shared';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { LOCAL_AWS } from '../../../local/src/local-aws';
import { functionEnvironment } from '../../../local/src/lambda/environment';
import { tableName } from '../../../local/src/resource-names';
import { useLocalRuntime } from '../../../test/support/runtime';
import { enrollmentManifest } from '../src/manifest';
import { IdempotencyStore, type IdempotentRequest } from '../../../shared/src/http/idempotency';

/**
 * `Idempotency-Key` on trainee registration (the route where a second run costs most: a person's
 * real-name record) with Stripe's semantics, against DynamoDB Local: the first answer is kept
 * whatever follows, another request under the key changes nothing, and the record is sealed.
 */
type Handler = (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

const runtime = useLocalRuntime({ manifests: [enrollmentManifest] });
let register: Handler;

const lambdaContext = { getRemainingTimeInMillis: () => 10_000, awsRequestId: 'test' } as unknown as Context;
const school = { sub: 'sub-school-idem', 'cognito:groups': '[institution]', 'custom:institution_id': 'ins_idem' };

function registration(idNumber: string, overrides: Record<string, unknown> = {}) {
  return {
    idNumber,
    name: '欧阳明远',
    phone: '13987654321',
    targetGroups: ['URBAN_UNEMPLOYED'],
    biometricConsent: { agreed: true, agreedAt: '2026-11-26T10:00:00+08:00', noticeVersion: '2026-01' },
    ...overrides,
  };
}

async function send(body: unknown, key: string | undefined, claims: Record<string, string> = school) {
  const event = {
    version: '2.0',
    headers: { 'content-type': 'application/json', ...(key === undefined ? {} : { 'idempotency-key': key }) },
    body: JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: { requestId: randomBytes(4).toString('hex'), authorizer: { jwt: { claims, scopes: null } } },
  } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
  const response = await register(event, lambdaContext);
  return { status: response.statusCode, headers: response.headers ?? {}, body: JSON.parse(String(response.body)) as Record<string, unknown> };
}

async function idempotencyItems() {
  const scan = await new DynamoDBClient({ endpoint: runtime().urls.dynamodb, ...LOCAL_AWS }).send(new ScanCommand({ TableName: tableName('enrollment') }));
  return (scan.Items ?? []).filter((item) => item.pk?.S?.startsWith('IDEMPOTENCY#'));
}

beforeAll(async () => {
  const environment = functionEnvironment(enrollmentManifest, 'registerTrainee', runtime().urls, randomBytes(32).toString('base64'));
  for (const [name, value] of Object.entries(environment)) vi.stubEnv(name, value);
  register = (await import('../src/handlers/register-trainee')).handler as Handler;
});

describe('Idempotency-Key with Stripe semantics', () => {
  it('keeps the first answer whatever follows: K+A 201, K+B 422, K+A the same 201, K+B 422 again, and B was never registered', async () => {
    const key = `key-${randomBytes(6).toString('hex')}`;
    const a = registration('110105198001010032');
    const b = registration('110105198001010059');

    const first = await send(a, key);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const other = await send(b, key);
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const again = await send(a, key);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const otherAgain = await send(b, key);
    expect(otherAgain.status).toBe(422);
    expect(otherAgain.body.code).toBe('IDEMPOTENCY_KEY_REUSED');

    // B's number is still free: the refused requests changed nothing.
    const bWithoutKey = await send(b, undefined);
    expect(bWithoutKey.status, JSON.stringify(bWithoutKey.body)).toBe(201);
  });

  it('runs five concurrent retries under one key once: one trainee, the others told it is in progress or given its answer', async () => {
    const key = `key-${randomBytes(6).toString('hex')}`;
    const answers = await Promise.all(Array.from({ length: 5 }, () => send(registration('110105198001010198'), key)));
    const created = answers.filter((answer) => answer.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((answer) => answer.body.traineeId)).size).toBe(1);
    for (const answer of answers.filter((each) => each.status !== 201)) {
      expect(answer.status).toBe(409);
      expect(answer.body.code).toBe('IDEMPOTENCY_IN_PROGRESS');
    }
    expect((await send(registration('110105198001010198'), key)).body.traineeId).toBe(created[0]?.body.traineeId);
  });

  it("keeps the use case's refusal too: a 409 under a key is answered again, not run again", async () => {
    const idNumber = '110105198001010075';
    expect((await send(registration(idNumber), undefined)).status).toBe(201);
    const key = `key-${randomBytes(6).toString('hex')}`;
    const refused = await send(registration(idNumber), key);
    expect(refused.status).toBe(409);
    const replayed = await send(registration(idNumber), key);
    expect(replayed.status).toBe(409);
    expect(replayed.body).toEqual(refused.body);
    expect(replayed.headers['idempotent-replayed']).toBe('true');
  });

  it('forgets input it refused (400), so the corrected request runs under the same key', async () => {
    const key = `key-${randomBytes(6).toString('hex')}`;
    const invalid = await send(registration('110105198001010070'), key);
    expect(invalid.status).toBe(400);
    const corrected = await send(registration('110105198001010091'), key);
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(201);
  });

  it('scopes a key to its caller: another school may use the same key', async () => {
    const key = `key-${randomBytes(6).toString('hex')}`;
    expect((await send(registration('110105198001010112'), key)).status).toBe(201);
    const otherSchool = { ...school, sub: 'sub-school-idem-2', 'custom:institution_id': 'ins_idem_2' };
    const theirs = await send(registration('110105198001010139'), key, otherSchool);
    expect(theirs.status, JSON.stringify(theirs.body)).toBe(201);
  });

  it('refuses a key longer than 255 characters with a code, not a 500', async () => {
    const answer = await send(registration('110105198001010155'), 'k'.repeat(70_000));
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('IDEMPOTENCY_KEY_INVALID');
  });

  it('stores no personal data in clear: the record holds a digest of the request and the answer sealed', async () => {
    const idNumber = '110105198001010171';
    const key = `key-${randomBytes(6).toString('hex')}`;
    const created = await send(registration(idNumber), key);
    expect(created.status, JSON.stringify(created.body)).toBe(201);

    const items = await idempotencyItems();
    const record = items.find((item) => item.status?.S === 'COMPLETED' && item.response?.S !== undefined && !JSON.stringify(item).includes(key));
    expect(record).toBeDefined();
    const raw = JSON.stringify(items);
    for (const clear of [idNumber, '13987654321', '欧阳明远', school.sub, key]) expect(raw).not.toContain(clear);
    expect(record?.response?.S).toMatch(/^v1\./);
    expect(record?.requestDigest?.S).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe('the idempotency store when a first run dies', () => {
  const store = () =>
    new IdempotencyStore(
      DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: runtime().urls.dynamodb, ...LOCAL_AWS })),
      tableName('enrollment'),
      async () => piiCipherFromSecret('a test key of thirty-two characters or more'),
    );
  const request = (body: unknown): IdempotentRequest => ({
    operationId: 'probe',
    callerSub: 'sub-probe',
    key: `key-${randomBytes(6).toString('hex')}`,
    body,
    params: { classId: 'cls_1' },
    query: undefined,
    lockMs: 10_000,
  });
  const t0 = Date.parse('2026-12-03T08:00:00Z');

  it('holds the key while the first run may still be running, then lets the same request (never another) take over', async () => {
    const first = request({ n: 1 });
    const claim = await store().begin(first, t0);
    expect(claim.kind).toBe('run');
    await expect(store().begin(first, t0 + 5_000)).rejects.toMatchObject({ code: 'IDEMPOTENCY_IN_PROGRESS' });
    await expect(store().begin({ ...first, body: { n: 2 } }, t0 + 20_000)).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    await expect(store().begin({ ...first, params: { classId: 'cls_2' } }, t0 + 20_000)).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    const takeover = await store().begin(first, t0 + 20_000);
    expect(takeover.kind).toBe('run');

    // The dead run wakes up: it may neither keep its answer nor free the key the retry holds.
    if (claim.kind !== 'run' || takeover.kind !== 'run') throw new Error('expected runs');
    await expect(store().complete(claim, { statusCode: 201, body: '{"late":true}' })).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
    await store().release(claim);
    await store().complete(takeover, { statusCode: 201, body: '{"id":"x"}' });
    const replay = await store().begin(first, t0 + 30_000);
    expect(replay).toMatchObject({ kind: 'replay', response: { statusCode: 201, body: '{"id":"x"}', headers: { 'idempotent-replayed': 'true' } } });
  });

  it('reads a body with its keys in another order as the same request', async () => {
    const first = request({ a: 1, b: { c: 2, d: 3 } });
    const claim = await store().begin(first, t0);
    if (claim.kind !== 'run') throw new Error('expected a run');
    await store().complete(claim, { statusCode: 201, body: '{}' });
    expect((await store().begin({ ...first, body: { b: { d: 3, c: 2 }, a: 1 } }, t0 + 1_000)).kind).toBe('replay');
  });

  it('forgets a key after its lifetime of 24 hours', async () => {
    const first = request({ n: 1 });
    const claim = await store().begin(first, t0);
    if (claim.kind !== 'run') throw new Error('expected a run');
    await store().complete(claim, { statusCode: 201, body: '{}' });
    expect((await store().begin({ ...first, body: { n: 2 } }, t0 + 24 * 3600 * 1000 + 1_000)).kind).toBe('run');
  });
});
