import { randomUUID } from 'node:crypto';
import { enrollmentManifest } from '@peixun/enrollment/manifest';
import type { TraineeView } from '@peixun/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { findUser } from '../../../local/src/identity/users';
import { type TestResponse, useLocalRuntime } from '../../../test/support/runtime';
import { registerDemoSchool } from './support/demo-school';
import { type ApplicationDocuments, uploadApplicationDocuments } from './support/document-uploads';
import { residentId } from './support/issue3-fixtures';

/**
 * A trainee registered by their school claims the record with their own login, then sees their
 * classes; and a trainee withdraws their separate face consent (PIPL Art. 15, 28–29). Through the
 * HTTP gateway against DynamoDB Local, events read off the local bus.
 */
const runtime = useLocalRuntime({ manifests: [enrollmentManifest] });

let siteId: string;
let teacherId: string;

const person = {
  li: { idNumber: residentId('520102', '19950320', 201), name: '李四', phone: '13900001111' },
  wang: { idNumber: residentId('520102', '19880808', 203), name: '王芳', phone: '13700002222' },
};

async function registerBySchool(who: { idNumber: string; name: string; phone: string }): Promise<TraineeView> {
  const response = await runtime().request('POST', '/trainees', {
    as: 'school1',
    body: { ...who, targetGroups: ['RURAL_MIGRANT_WORKER'], biometricConsent: { agreed: true, agreedAt: '2026-11-26T10:00:00+08:00', noticeVersion: '2026-01' } },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as TraineeView;
}

const claim = (as: string, body: unknown) => runtime().request('POST', '/trainees/me/account', { as, body });
const withdraw = (traineeId: string, as: string) => runtime().request('DELETE', `/trainees/${traineeId}/biometric-consent`, { as });
const problem = (response: TestResponse) => response.body as { code: string; title: string; detail: string };
const eventsFor = (detailType: string, traineeId: string) =>
  runtime().bus.events.filter((event) => event['detail-type'] === detailType && (event.detail as { traineeId?: string }).traineeId === traineeId);

let li: TraineeView;
let wang: TraineeView;

beforeAll(async () => {
  ({ siteId, teacherId } = await registerDemoSchool(runtime()));
  li = await registerBySchool(person.li);
  wang = await registerBySchool(person.wang);
});

describe('a trainee claims the record their school registered (POST /trainees/me/account)', () => {
  it('refuses a wrong phone number and an unregistered ID number with one and the same answer', async () => {
    const wrongPhone = await claim('trainee2', { ...person.li, phone: '13900009999' });
    const unknownNumber = await claim('trainee2', { ...person.li, idNumber: residentId('520102', '19950320', 299) });
    const wrongName = await claim('trainee2', { ...person.li, name: '李五' });
    for (const response of [wrongPhone, unknownNumber, wrongName]) {
      expect(response.status).toBe(422);
      expect(problem(response)).toMatchObject({ code: 'TRAINEE_IDENTITY_NOT_MATCHED' });
    }
    // Nothing tells a registered number apart from an unknown one.
    expect([problem(unknownNumber).title, problem(unknownNumber).detail]).toEqual([problem(wrongPhone).title, problem(wrongPhone).detail]);
    expect((await runtime().request('GET', `/trainees/${li.traineeId}/classes`, { as: 'trainee2' })).status).toBe(403);
  });

  it('links the login to the person on matching ID number, name and phone, announced by Trainee.AccountLinked', async () => {
    const response = await claim('trainee2', person.li);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    // Now the person themself: the full numbers are theirs to see.
    expect(response.body).toMatchObject({ traineeId: li.traineeId, accountLinked: true, idNumber: person.li.idNumber, idNumberMasked: false, phone: person.li.phone });
    const event = await runtime().bus.waitFor({ 'detail-type': ['Trainee.AccountLinked'], detail: { traineeId: [li.traineeId] } }, { timeoutMs: 5_000 });
    expect(event.detail).toMatchObject({ accountSub: findUser('trainee2')?.sub });
    expect((await runtime().request('GET', `/trainees/${li.traineeId}`, { as: 'trainee2' })).status).toBe(200);
  });

  it('answers a repeated claim of the same record by the same login with the same record, without a second event', async () => {
    const again = await claim('trainee2', person.li);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ traineeId: li.traineeId, accountLinked: true });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(eventsFor('Trainee.AccountLinked', li.traineeId)).toHaveLength(1);
  });

  it('refuses a second login for the same person: 409 TRAINEE_ALREADY_CLAIMED', async () => {
    const response = await claim('trainee1', person.li);
    expect(response.status).toBe(409);
    expect(problem(response)).toMatchObject({ code: 'TRAINEE_ALREADY_CLAIMED' });
  });

  it('refuses a second person for the same login: 409 TRAINEE_ACCOUNT_ALREADY_LINKED, and that person stays free', async () => {
    const response = await claim('trainee2', person.wang);
    expect(response.status).toBe(409);
    expect(problem(response)).toMatchObject({ code: 'TRAINEE_ACCOUNT_ALREADY_LINKED' });
    const read = await runtime().request('GET', `/trainees/${wang.traineeId}`, { as: 'admin' });
    expect(read.body).toMatchObject({ accountLinked: false });
    const own = await claim('trainee1', person.wang);
    expect(own.status, JSON.stringify(own.body)).toBe(200);
  });

  it('is for trainee logins only: staff and administrators are refused', async () => {
    for (const as of ['school1', 'reviewer1', 'admin']) {
      const response = await claim(as, person.li);
      expect(response.status, as).toBe(403);
      expect(problem(response)).toMatchObject({ code: 'FORBIDDEN' });
    }
  });

  it('lets the linked trainee list their approved classes and read the class', async () => {
    const sessions = ['2027-03-15', '2027-03-16'].map((date, day) => ({
      sessionId: `d${day + 1}`, date, start: '09:00', end: '12:00', hours: 4, topic: `第${day + 1}天`, teacherIds: [teacherId],
    }));
    const documents: ApplicationDocuments = await uploadApplicationDocuments(runtime(), 'school1', 1);
    const created = await runtime().request('POST', '/classes', {
      as: 'school1',
      body: {
        name: '2027年3月中式烹调短期技能培训班', trainingType: 'EMPLOYMENT_SHORT', occupationCode: '4-03-02-01', certificates: [], siteId,
        materials: documents.materials, sessions, roster: [{ traineeId: li.traineeId, applicationFormId: documents.forms[0] }],
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const classId = (created.body as { classId: string }).classId;
    expect((await runtime().request('POST', `/classes/${classId}/submit`, { as: 'school1' })).status).toBe(200);
    expect((await runtime().request('POST', `/classes/${classId}/review`, { as: 'reviewer1', body: { decision: 'APPROVE', reasons: [] } })).status).toBe(200);

    const listed = await runtime().request('GET', `/trainees/${li.traineeId}/classes`, { as: 'trainee2' });
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    expect(listed.body).toMatchObject({ traineeId: li.traineeId, classes: [{ classId, sessions: [{ startsAt: '2027-03-15T09:00:00+08:00' }, {}] }] });
    expect((await runtime().request('GET', `/classes/${classId}`, { as: 'trainee2' })).status).toBe(200);
    expect((await runtime().request('GET', `/trainees/${li.traineeId}/classes`, { as: 'trainee1' })).status).toBe(403);
  });
});

describe('one person, one login, held by DynamoDB conditions under concurrent claims', () => {
  /** A fresh trainee login (as a new Cognito user would be), so each race starts from unlinked accounts. */
  async function newTraineeLogin(): Promise<Record<string, string>> {
    const { idToken } = await runtime().issuer.issue({ username: `t-${randomUUID()}`, sub: randomUUID(), name: '学员', groups: ['trainee'] });
    return { authorization: `Bearer ${idToken}` };
  }
  const claimWith = (headers: Record<string, string>, body: unknown) => runtime().request('POST', '/trainees/me/account', { headers, body });

  it('of two logins claiming the same person at the same moment, exactly one gets the record', async () => {
    const zhou = { idNumber: residentId('520102', '19970707', 207), name: '周七', phone: '13500004444' };
    const record = await registerBySchool(zhou);
    const [a, b] = await Promise.all([claimWith(await newTraineeLogin(), zhou), claimWith(await newTraineeLogin(), zhou)]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect(problem(a.status === 409 ? a : b)).toMatchObject({ code: 'TRAINEE_ALREADY_CLAIMED' });
    await runtime().bus.waitFor({ 'detail-type': ['Trainee.AccountLinked'], detail: { traineeId: [record.traineeId] } }, { timeoutMs: 5_000 });
  });

  it('of two people claimed by one login at the same moment, exactly one is linked', async () => {
    const sun = { idNumber: residentId('520102', '19960606', 209), name: '孙八', phone: '13500005555' };
    const wu = { idNumber: residentId('520102', '19930303', 211), name: '吴九', phone: '13500006666' };
    await Promise.all([registerBySchool(sun), registerBySchool(wu)]);
    const login = await newTraineeLogin();
    const [a, b] = await Promise.all([claimWith(login, sun), claimWith(login, wu)]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect(problem(a.status === 409 ? a : b)).toMatchObject({ code: 'TRAINEE_ACCOUNT_ALREADY_LINKED' });
  });
});

describe('withdrawing the separate face consent (DELETE /trainees/{traineeId}/biometric-consent)', () => {
  it('PIPL Art. 15: the trainee withdraws; the record says who and when, and Trainee.FaceConsentWithdrawn is published', async () => {
    const response = await withdraw(li.traineeId, 'trainee2');
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({ biometricConsentStatus: 'WITHDRAWN', biometricConsentWithdrawnBy: { role: 'trainee' } });
    const withdrawnAt = (response.body as TraineeView).biometricConsentWithdrawnAt;
    const event = await runtime().bus.waitFor({ 'detail-type': ['Trainee.FaceConsentWithdrawn'], detail: { traineeId: [li.traineeId] } }, { timeoutMs: 5_000 });
    expect(event).toMatchObject({ source: 'peixun.enrollment', detail: { withdrawnAt, withdrawnBy: { role: 'trainee' }, schemaVersion: 1 } });
    const read = await runtime().request('GET', `/trainees/${li.traineeId}`, { as: 'reviewer1' });
    expect(read.body).toMatchObject({ biometricConsentStatus: 'WITHDRAWN', biometricConsentWithdrawnAt: withdrawnAt, biometricConsentAt: '2026-11-26T10:00:00+08:00' });
  });

  it('withdrawing again answers the same state and publishes nothing more', async () => {
    const first = (await runtime().request('GET', `/trainees/${li.traineeId}`, { as: 'trainee2' })).body as TraineeView;
    const again = await withdraw(li.traineeId, 'trainee2');
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ biometricConsentStatus: 'WITHDRAWN', biometricConsentWithdrawnAt: first.biometricConsentWithdrawnAt });
    // An administrator's withdrawal for another person, written after it, arrives behind any stray event.
    const byAdmin = await withdraw(wang.traineeId, 'admin');
    expect(byAdmin.status, JSON.stringify(byAdmin.body)).toBe(200);
    expect(byAdmin.body).toMatchObject({ biometricConsentStatus: 'WITHDRAWN', biometricConsentWithdrawnBy: { role: 'admin' } });
    await runtime().bus.waitFor({ 'detail-type': ['Trainee.FaceConsentWithdrawn'], detail: { traineeId: [wang.traineeId] } }, { timeoutMs: 5_000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(eventsFor('Trainee.FaceConsentWithdrawn', li.traineeId)).toHaveLength(1);
  });

  it('refuses anyone but the person and administrators: another trainee, the registering school, a reviewer', async () => {
    const other = await registerBySchool({ idNumber: residentId('520102', '19990101', 205), name: '赵六', phone: '13600003333' });
    for (const as of ['trainee2', 'school1', 'reviewer1']) {
      const response = await withdraw(other.traineeId, as);
      expect(response.status, as).toBe(403);
      expect(problem(response)).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect((await runtime().request('GET', `/trainees/${other.traineeId}`, { as: 'admin' })).body).toMatchObject({ biometricConsentStatus: 'GIVEN' });
    expect(eventsFor('Trainee.FaceConsentWithdrawn', other.traineeId)).toHaveLength(0);
    expect((await withdraw('trn_00000000000000000000000000', 'admin')).status).toBe(404);
  });

  it('publishes both routes in the OpenAPI document', async () => {
    const document = (await runtime().request('GET', '/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(document.paths['/trainees/me/account'] ?? {})).toContain('post');
    expect(Object.keys(document.paths['/trainees/{traineeId}/biometric-consent'] ?? {})).toContain('delete');
  });
});
