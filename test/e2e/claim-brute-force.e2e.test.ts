/**
 * Issue #9 "Account claiming can be brute-forced": staff see a phone as `138****6236`, so a
 * stranger holding a name and an ID number has 10,000 guesses. Five failures within an hour lock
 * out the login, the ID number and the source address for an hour, recorded as an anomaly.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { enrollmentManifest } from '@peixun/enrollment/manifest';
import type { TraineeView } from '@peixun/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_AWS } from '../../local/src/local-aws';
import { tableName } from '../../local/src/resource-names';
import { residentId } from '../../services/enrollment/test/support/issue3-fixtures';
import { useLocalRuntime } from '../support/runtime';

const runtime = useLocalRuntime({ manifests: [enrollmentManifest] });

const person = { idNumber: residentId('520102', '19880808', 61), name: '王小明', phone: '13812346236' };
let registered: TraineeView;

const claim = (as: string, phone: string) => runtime().request('POST', '/trainees/me/account', { as, body: { ...person, phone } });
const codeOf = (body: unknown): unknown => (body as { code?: unknown }).code;

beforeAll(async () => {
  const response = await runtime().request('POST', '/trainees', {
    as: 'school1',
    body: { ...person, targetGroups: ['RURAL_MIGRANT_WORKER'], biometricConsent: { agreed: true, agreedAt: '2026-11-26T10:00:00+08:00', noticeVersion: '2026-01' } },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  registered = response.body as TraineeView;
  // What the attacker starts from: the masked phone staff see.
  expect(registered.phone).toBe('138****6236');
});

describe('account claiming is limited against guessing (per login, ID number and source)', () => {
  it('locks out after five wrong phone numbers within an hour: the right one is then refused too', async () => {
    for (let guess = 0; guess < 5; guess += 1) {
      const wrong = await claim('trainee2', `1381234${String(guess).padStart(4, '0')}`);
      expect(wrong.status).toBe(422);
      expect(codeOf(wrong.body)).toBe('TRAINEE_IDENTITY_NOT_MATCHED');
    }
    const right = await claim('trainee2', person.phone);
    expect(right.status).toBe(429);
    expect(codeOf(right.body)).toBe('TRAINEE_CLAIM_LOCKED_OUT');
  });

  it('keeps the ID number locked for another login as well, so guesses cannot be spread over accounts', async () => {
    const other = await claim('trainee1', person.phone);
    expect(other.status).toBe(429);
    expect((await runtime().request('GET', `/trainees/${registered.traineeId}`, { as: 'school1' })).body).toMatchObject({ accountLinked: false });
  });

  it('records each lock-out as an anomaly, naming the ID number only by its fingerprint', async () => {
    const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ ...LOCAL_AWS, endpoint: runtime().urls.dynamodb }));
    const { Items = [] } = await documents.send(
      new ScanCommand({ TableName: tableName('enrollment'), FilterExpression: 'kind = :kind', ExpressionAttributeValues: { ':kind': 'CLAIM_LOCKED_OUT' } }),
    );
    expect(Items.map((item) => item.scope).sort()).toEqual(['ID_NUMBER', 'LOGIN', 'SOURCE']);
    expect(JSON.stringify(Items)).not.toContain(person.idNumber);
    documents.destroy();
  });
});
