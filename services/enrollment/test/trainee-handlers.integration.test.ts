import { randomBytes } from 'node:crypto';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { traineeRegistered, type TraineeView } from '@peixun/shared';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { LOCAL_AWS } from '../../../local/src/local-aws';
import { functionEnvironment } from '../../../local/src/lambda/environment';
import { tableName } from '../../../local/src/resource-names';
import { useLocalRuntime } from '../../../test/support/runtime';
import { enrollmentManifest } from '../src/manifest';

/**
 * The enrollment handlers called in this process against DynamoDB Local and the local bus: what
 * they store, and that uniqueness holds under concurrent writes because the database enforces it.
 */
type Handler = (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

const runtime = useLocalRuntime({ manifests: [enrollmentManifest] });
let register: Handler;
let getTrainee: Handler;

const lambdaContext = { getRemainingTimeInMillis: () => 10_000, awsRequestId: 'test' } as unknown as Context;
const school = { sub: 'sub-school', 'cognito:groups': '[institution]', 'custom:institution_id': 'ins_a' };

function httpEvent(claims: Record<string, string>, init: { body?: unknown; traineeId?: string; headers?: Record<string, string> }) {
  return {
    version: '2.0',
    headers: { 'content-type': 'application/json', ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    pathParameters: init.traineeId === undefined ? undefined : { traineeId: init.traineeId },
    isBase64Encoded: false,
    requestContext: { requestId: randomBytes(4).toString('hex'), authorizer: { jwt: { claims, scopes: null } } },
  } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
}

const registration = (idNumber = '11010519491231002X') => ({
  idNumber,
  name: '王五',
  phone: '13912345678',
  targetGroups: ['URBAN_UNEMPLOYED'],
  biometricConsent: { agreed: true, agreedAt: '2026-11-26T10:00:00+08:00', noticeVersion: '2026-01' },
});

async function call(handler: Handler, event: APIGatewayProxyEventV2WithJWTAuthorizer) {
  const response = await handler(event, lambdaContext);
  return { status: response.statusCode, body: JSON.parse(String(response.body)) as Record<string, unknown> };
}

beforeAll(async () => {
  const { urls } = runtime();
  // Registration's environment, which holds what reading a trainee needs too; the engines are reached directly (no access check).
  const environment = functionEnvironment(enrollmentManifest, 'registerTrainee', urls, randomBytes(32).toString('base64'));
  for (const [name, value] of Object.entries(environment)) vi.stubEnv(name, value);
  register = (await import('../src/handlers/register-trainee')).handler as Handler;
  getTrainee = (await import('../src/handlers/get-trainee')).handler as Handler;
});

describe('enrollment handlers against DynamoDB Local', () => {
  it('stores the ID and phone numbers sealed, never in clear', async () => {
    const valid = await call(register, httpEvent(school, { body: registration('110105194912310046') }));
    expect(valid.status, JSON.stringify(valid.body)).toBe(201);
    const scan = await new DynamoDBClient({ endpoint: runtime().urls.dynamodb, ...LOCAL_AWS }).send(
      new ScanCommand({ TableName: tableName('enrollment') }),
    );
    const stored = JSON.stringify(scan.Items);
    expect(stored).not.toContain('110105194912310046');
    expect(stored).not.toContain('13912345678');
    expect(stored).toContain('IDNUMBER#');
  });

  it('Art. 27: one ID number is one person, even when five registrations race', async () => {
    const idNumber = '440305198807170016';
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => call(register, httpEvent(school, { body: registration(idNumber) }))),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409]);
    expect(answers.find((answer) => answer.status === 409)?.body.code).toBe('TRAINEE_ALREADY_REGISTERED');
  });

  it('Art. 27: five verified registrations racing to take over an unverified record: one wins, the record is frozen once', async () => {
    const idNumber = '440305198807170032';
    // Registered while the identity authority was down: unverified, holding the number.
    runtime().identityAuthority.unavailable = true;
    const pending = await call(register, httpEvent(school, { body: registration(idNumber) })).finally(() => {
      runtime().identityAuthority.unavailable = false;
    });
    expect(pending.body).toMatchObject({ verificationStatus: 'UNVERIFIED' });
    const schools = Array.from({ length: 5 }, (_, index) => ({ ...school, sub: `sub-school-${index}`, 'custom:institution_id': `ins_race_${index}` }));
    const answers = await Promise.all(schools.map((claims) => call(register, httpEvent(claims, { body: registration(idNumber) }))));
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409, 409, 409, 409]);
    const scan = await new DynamoDBClient({ endpoint: runtime().urls.dynamodb, ...LOCAL_AWS }).send(new ScanCommand({ TableName: tableName('enrollment') }));
    const anomalies = (scan.Items ?? []).filter((item) => item.kind?.S === 'IDENTITY_TAKEN_OVER' && item.frozenTraineeId?.S === pending.body.traineeId);
    expect(anomalies).toHaveLength(1);
    const frozenEvents = (scan.Items ?? []).filter((item) => item.pk?.S?.startsWith('OUTBOX') && JSON.stringify(item).includes('Trainee.Frozen') && JSON.stringify(item).includes(String(pending.body.traineeId)));
    expect(frozenEvents).toHaveLength(1);
    const read = await call(getTrainee, httpEvent(school, { traineeId: String(pending.body.traineeId) }));
    expect(read.body).toMatchObject({ verificationStatus: 'FROZEN' });
  });

  it('publishes Trainee.Registered through the real EventBridge client', async () => {
    const created = await call(register, httpEvent(school, { body: registration('510104199203150028') }));
    const { traineeId } = created.body as TraineeView;
    const event = await runtime().bus.waitFor({ ...traineeRegistered.pattern, detail: { traineeId: [traineeId] } }, { timeoutMs: 5_000 });
    expect(event.detail).toMatchObject({ traineeId, idNumberMasked: '510***********0028', schemaVersion: 1 });
    expect(JSON.stringify(event)).not.toContain('510104199203150028');
  });

  it('answers a retried request with the same Idempotency-Key with the first answer, not a 409', async () => {
    const headers = { 'idempotency-key': 'retry-1' };
    const first = await call(register, httpEvent(school, { body: registration('320102198001010032'), headers }));
    const retry = await call(register, httpEvent(school, { body: registration('320102198001010032'), headers }));
    expect(first.status).toBe(201);
    expect(retry).toEqual(first);
  });

  it('refuses the same Idempotency-Key reused for another request body', async () => {
    const headers = { 'idempotency-key': 'reused-1' };
    await call(register, httpEvent(school, { body: registration('350102197505050047'), headers }));
    const reused = await call(register, httpEvent(school, { body: registration('350102197505050063'), headers }));
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('reads a trainee back for the registering institution, masked', async () => {
    const created = await call(register, httpEvent(school, { body: registration('120101198512120010') }));
    const read = await call(getTrainee, httpEvent(school, { traineeId: (created.body as TraineeView).traineeId }));
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ idNumber: '120***********0010', idNumberMasked: true, name: '王五' });
  });
});
