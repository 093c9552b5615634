/**
 * Issue #9 "Identity squatting": a new trainee login could self-register a stranger's valid ID
 * number and name, and the real person was then refused with 409 forever. Now every registration
 * goes through real-name verification (实名核验) at the provincial authority — the local runtime's
 * simulated one, over the same HTTP protocol — and an unverified record never blocks the verified
 * person: they get the number, the squatter's record is frozen and raised as an anomaly for the
 * reviewers of the area.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { ClassView, IdentityAnomaly, TraineeView } from '@peixun/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_AWS } from '../../local/src/local-aws';
import { tableName } from '../../local/src/resource-names';
import { photo } from '../../services/attendance/test/support/face-fixtures';
import { residentId } from '../../services/enrollment/test/support/issue3-fixtures';
import { useLocalRuntime } from '../support/runtime';
import { registerTwoSchools, shortCourse, TENANTS } from '../support/two-schools';

const runtime = useLocalRuntime();

const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

/** A fresh trainee login, as anyone can open one. */
async function newLogin(name: string): Promise<string> {
  const { idToken } = await runtime().issuer.issue({ username: `t-${randomUUID().slice(0, 8)}`, sub: randomUUID(), name, groups: ['trainee'] });
  return idToken;
}

const registration = (person: { idNumber: string; name: string }, facePhoto?: Uint8Array) => ({
  ...person,
  phone: '13812345678',
  targetGroups: ['RURAL_MIGRANT_WORKER'],
  biometricConsent: { agreed: true, agreedAt: '2026-11-26T10:00:00+08:00', noticeVersion: '2026-01' },
  ...(facePhoto === undefined ? {} : { facePhoto: base64(facePhoto) }),
});

const asLogin = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
const codeOf = (body: unknown): unknown => (body as { code?: unknown }).code;
const anomaliesOf = async (as: string): Promise<IdentityAnomaly[]> => {
  const response = await runtime().request('GET', '/identity-anomalies', { as });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return (response.body as { anomalies: IdentityAnomaly[] }).anomalies;
};

/** 王小明 of 南明区, whose ID photo the authority holds (franck's reference photo). */
const person = { idNumber: residentId('520102', '19880808', 91), name: '王小明' };

beforeAll(async () => {
  // Indexing the ID photo loads the simulated authority's face models once, before any timed check.
  await runtime().identityAuthority.add({ ...person, idPhoto: photo('franck_02159.jpg') });
  await registerTwoSchools(runtime());
}, 180_000);

describe('identity squatting (issue #9): the verified person gets their ID number', () => {
  let squatter: TraineeView;
  let real: TraineeView;

  it('a stranger who knows number and name self-registers, but without the face the record stays unverified', async () => {
    const response = await runtime().request('POST', '/trainees', { ...asLogin(await newLogin('冒名者')), body: registration(person) });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    squatter = response.body as TraineeView;
    expect(squatter.verificationStatus).toBe('UNVERIFIED');
  });

  it('someone else’s face is refused (422) and stores nothing', async () => {
    const response = await runtime().request('POST', '/trainees', { ...asLogin(await newLogin('冒名者二')), body: registration(person, photo('audrey.jpg')) });
    expect(response.status, JSON.stringify(response.body)).toBe(422);
    expect(codeOf(response.body)).toBe('TRAINEE_IDENTITY_NOT_VERIFIED');
  });

  it('the real person registers with their face: 201, verified, the record is theirs (before: 409 forever)', async () => {
    const token = await newLogin('王小明');
    const response = await runtime().request('POST', '/trainees', { ...asLogin(token), body: registration(person, photo('franck_02221.jpg')) });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    real = response.body as TraineeView;
    expect(real).toMatchObject({ verificationStatus: 'VERIFIED', idNumber: person.idNumber, accountLinked: true });
    expect(real.traineeId).not.toBe(squatter.traineeId);
  });

  it('freezes the squatter’s record and announces Trainee.Verified and Trainee.Frozen through the outbox', async () => {
    const frozen = await runtime().bus.waitFor({ source: ['peixun.enrollment'], 'detail-type': ['Trainee.Frozen'], detail: { traineeId: [squatter.traineeId] } }, { timeoutMs: 15_000 });
    expect(frozen.detail).toMatchObject({ reason: 'IDENTITY_TAKEN_OVER', verifiedTraineeId: real.traineeId, areaCode: '520102' });
    const verified = await runtime().bus.waitFor({ source: ['peixun.enrollment'], 'detail-type': ['Trainee.Verified'], detail: { traineeId: [real.traineeId] } }, { timeoutMs: 15_000 });
    expect(verified.detail).toMatchObject({ method: 'ID_NAME_AND_FACE' });
    const view = await runtime().request('GET', `/trainees/${squatter.traineeId}`, { as: 'admin' });
    expect(view.body).toMatchObject({ verificationStatus: 'FROZEN' });
  });

  it('shows the take-over to the reviewers of the area (南明区), not to another area’s (红花岗区)', async () => {
    const near = await anomaliesOf('reviewer1');
    expect(near).toContainEqual(expect.objectContaining({ kind: 'IDENTITY_TAKEN_OVER', frozenTraineeId: squatter.traineeId, verifiedTraineeId: real.traineeId, areaCode: '520102' }));
    expect(JSON.stringify(near)).not.toContain(person.idNumber);
    const far = await anomaliesOf('reviewer2');
    expect(far.map((anomaly) => anomaly.frozenTraineeId)).not.toContain(squatter.traineeId);
    expect((await runtime().request('GET', '/identity-anomalies', { as: 'school1' })).status).toBe(403);
  });

  it('the frozen record cannot be verified afterwards (409 TRAINEE_FROZEN)', async () => {
    const response = await runtime().request('POST', `/trainees/${squatter.traineeId}/verification`, { as: 'admin', body: {} });
    expect(response.status).toBe(409);
    expect(codeOf(response.body)).toBe('TRAINEE_FROZEN');
  });

  it('the verified record keeps the number: a later registration of it is 409', async () => {
    const response = await runtime().request('POST', '/trainees', { as: 'school1', body: registration(person) });
    expect(response.status).toBe(409);
    expect(codeOf(response.body)).toBe('TRAINEE_ALREADY_REGISTERED');
  });
});

describe('a person who registered without their face proves it later', () => {
  it('stays unverified, then POST /trainees/{id}/verification with the face verifies the record', async () => {
    const someone = { idNumber: residentId('520102', '19910202', 97), name: '杨帆' };
    await runtime().identityAuthority.add({ ...someone, idPhoto: photo('franck_01829.jpg') });
    const token = await newLogin('杨帆');
    const registered = await runtime().request('POST', '/trainees', { ...asLogin(token), body: registration(someone) });
    expect(registered.status).toBe(201);
    const { traineeId, verificationStatus } = registered.body as TraineeView;
    expect(verificationStatus).toBe('UNVERIFIED');
    const checked = await runtime().request('POST', `/trainees/${traineeId}/verification`, { ...asLogin(token), body: { facePhoto: base64(photo('franck_04000.jpg')) } });
    expect(checked.status, JSON.stringify(checked.body)).toBe(200);
    expect(checked.body).toMatchObject({ traineeId, verificationStatus: 'VERIFIED' });
    // Another login may not check someone else's record.
    expect((await runtime().request('POST', `/trainees/${traineeId}/verification`, { as: 'trainee2', body: {} })).status).toBe(403);
  });
});

describe('two verified registrations racing for a squatted number', () => {
  const victim = { idNumber: residentId('520102', '19900101', 93), name: '刘芳' };

  it('one takes it over (201), the other is refused (409), the squatter is frozen once', async () => {
    await runtime().identityAuthority.add({ ...victim, idPhoto: photo('audrey.jpg') });
    const squatted = await runtime().request('POST', '/trainees', { ...asLogin(await newLogin('冒名者三')), body: registration(victim) });
    expect(squatted.status).toBe(201);
    const squatterId = (squatted.body as TraineeView).traineeId;
    // Both schools saw the person's ID card: ID number and name verify their registrations.
    const answers = await Promise.all(['school1', 'school2'].map((as) => runtime().request('POST', '/trainees', { as, body: registration(victim) })));
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409]);
    const winner = answers.find((answer) => answer.status === 201)?.body as TraineeView;
    expect(winner.verificationStatus).toBe('VERIFIED');
    // The outbox relay delivers from the table's stream: wait for the one event, then make sure no second follows.
    await runtime().bus.waitFor({ source: ['peixun.enrollment'], 'detail-type': ['Trainee.Frozen'], detail: { traineeId: [squatterId] } }, { timeoutMs: 15_000 });
    await runtime().bus.waitFor({ source: ['peixun.enrollment'], 'detail-type': ['Trainee.Verified'], detail: { traineeId: [winner.traineeId] } }, { timeoutMs: 15_000 });
    await runtime().bus.settled();
    const frozenEvents = runtime().bus.events.filter((event) => event['detail-type'] === 'Trainee.Frozen' && (event.detail as { traineeId: string }).traineeId === squatterId);
    expect(frozenEvents).toHaveLength(1);
    expect(frozenEvents[0]?.detail).toMatchObject({ verifiedTraineeId: winner.traineeId });
    expect((await anomaliesOf('admin')).filter((anomaly) => anomaly.frozenTraineeId === squatterId)).toHaveLength(1);
  });
});

describe('Art. 27: records registered by schools are verified before they can be enrolled', () => {
  it('a record registered while the authority is down stays unverified: the class is refused (422) naming the row, until a check passes', async () => {
    runtime().identityAuthority.unavailable = true;
    let pending: TraineeView;
    try {
      const response = await runtime().request('POST', '/trainees', { as: 'school1', body: registration({ idNumber: residentId('520102', '19920303', 95), name: '陈静' }) });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      pending = response.body as TraineeView;
    } finally {
      runtime().identityAuthority.unavailable = false;
    }
    expect(pending.verificationStatus).toBe('UNVERIFIED');
    const created = await runtime().request('POST', '/classes', { as: 'school1', body: shortCourse(TENANTS.one, '2027-09-13', ['s1'], [pending.traineeId]) });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { classId } = created.body as ClassView;
    const refused = await runtime().request('POST', `/classes/${classId}/submit`, { as: 'school1' });
    expect(refused.status).toBe(422);
    const errors = (refused.body as { errors: Array<{ code: string; message: string; path: string }> }).errors;
    expect(errors).toContainEqual(expect.objectContaining({ code: 'TRAINEE_NOT_VERIFIED', path: 'roster[0].traineeId' }));
    expect(errors.find((error) => error.code === 'TRAINEE_NOT_VERIFIED')?.message).toMatch(/陈静.*花名册第1行.*尚未通过实名核验/);

    const checked = await runtime().request('POST', `/trainees/${pending.traineeId}/verification`, { as: 'school1', body: {} });
    expect(checked.status, JSON.stringify(checked.body)).toBe(200);
    expect(checked.body).toMatchObject({ verificationStatus: 'VERIFIED' });
    const submitted = await runtime().request('POST', `/classes/${classId}/submit`, { as: 'school1' });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
  });

  it('a school typing the wrong name for a listed person is refused (422), nothing stored', async () => {
    const response = await runtime().request('POST', '/trainees', { as: 'school2', body: registration({ ...person, name: '王大明' }) });
    expect(response.status).toBe(422);
    expect(codeOf(response.body)).toBe('TRAINEE_IDENTITY_NOT_VERIFIED');
  });
});

describe('brute-force limit on self-registration (issue #9 item 4)', () => {
  it('"already registered" answers count as failed guesses: the login is locked out (429), recorded as an anomaly', async () => {
    const prober = await newLogin('试探者');
    // Numbers the schools registered above, and made-up ones; 409 tells that a number is registered here.
    const probes = Array.from({ length: 6 }, (_, index) => residentId('520102', '19700101', 301 + 2 * index));
    for (const idNumber of probes.slice(0, 3)) expect((await runtime().request('POST', '/trainees', { as: 'school1', body: registration({ idNumber, name: '张某' }) })).status).toBe(201);
    const statuses: number[] = [];
    for (const idNumber of [...probes.slice(0, 3), ...probes.slice(0, 3)]) {
      statuses.push((await runtime().request('POST', '/trainees', { ...asLogin(prober), body: registration({ idNumber, name: '张某' }) })).status);
    }
    // The fifth failure within the hour locks the login (the source may have been locked earlier by this file's refusals).
    const firstLocked = statuses.indexOf(429);
    expect(firstLocked).toBeGreaterThan(0);
    expect(firstLocked).toBeLessThanOrEqual(5);
    expect(statuses.slice(0, firstLocked).every((status) => status === 409)).toBe(true);
    expect(statuses.slice(firstLocked).every((status) => status === 429)).toBe(true);
    // A number nobody registered is refused as well: the lock is on the login, not on the answer.
    const fresh = await runtime().request('POST', '/trainees', { ...asLogin(prober), body: registration({ idNumber: residentId('520102', '19700101', 399), name: '张某' }) });
    expect(fresh.status).toBe(429);
    expect(codeOf(fresh.body)).toBe('TRAINEE_REGISTRATION_LOCKED_OUT');

    const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ ...LOCAL_AWS, endpoint: runtime().urls.dynamodb }));
    const { Items = [] } = await documents.send(
      new ScanCommand({ TableName: tableName('enrollment'), FilterExpression: 'kind = :kind', ExpressionAttributeValues: { ':kind': 'REGISTRATION_LOCKED_OUT' } }),
    );
    documents.destroy();
    expect(Items.map((item) => item.scope)).toContain('SOURCE');
    expect(JSON.stringify(Items)).not.toContain(probes[0]);
  });
});
