import { enrollmentManifest } from '@peixun/enrollment/manifest';
import type { TraineeView } from '@peixun/shared';
import { describe, expect, it } from 'vitest';
import { useLocalRuntime } from '../support/runtime';
import { registrationAcknowledged, registrationListenerManifest } from './fixtures/registration-listener';

/** The walking skeleton's slice, end to end over HTTP through the local gateway. */
const runtime = useLocalRuntime({ manifests: [enrollmentManifest, registrationListenerManifest] });

const registration = (idNumber: string) => ({
  idNumber,
  name: '张三',
  phone: '13812345678',
  targetGroups: ['RURAL_MIGRANT_WORKER', 'POVERTY_MONITORED'],
  biometricConsent: { agreed: true, agreedAt: '2026-11-26T10:00:00+08:00', noticeVersion: '2026-01' },
});

describe('trainee registration through the gateway', () => {
  let registered: TraineeView;

  it('registers a trainee under their real name: 201 with the full ID number for themself', async () => {
    const response = await runtime().request('POST', '/trainees', { as: 'trainee1', body: registration('11010519491231002X') });
    expect(response.status).toBe(201);
    registered = response.body as TraineeView;
    expect(registered).toMatchObject({
      idNumber: '11010519491231002X',
      idNumberMasked: false,
      sex: 'female',
      birthDate: '1949-12-31',
      registeredBy: { role: 'trainee' },
      // Self-registration links the login at once; the face consent stands until withdrawn.
      accountLinked: true,
      biometricConsentStatus: 'GIVEN',
    });
    expect(response.headers.get('x-correlation-id')).toBeTruthy();
  });

  it('delivers Trainee.Registered to a subscribed service, without the ID number in clear', async () => {
    const acknowledged = await runtime().bus.waitFor(
      { ...registrationAcknowledged.pattern, detail: { traineeId: [registered.traineeId] } },
      { timeoutMs: 10_000 },
    );
    expect(acknowledged.detail).toMatchObject({ idNumberMasked: '110***********002X' });
    const original = runtime().bus.events.find((event) => event['detail-type'] === 'Trainee.Registered');
    expect(JSON.stringify(original)).not.toContain('11010519491231002X');
  });

  it('answers 409 TRAINEE_ALREADY_REGISTERED when the same ID number registers again', async () => {
    const response = await runtime().request('POST', '/trainees', { as: 'school1', body: registration('11010519491231002X') });
    expect(response.status).toBe(409);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.body).toMatchObject({ code: 'TRAINEE_ALREADY_REGISTERED', status: 409 });
  });

  it('answers 400 with the rule code and a Chinese detail for a bad ID number', async () => {
    const response = await runtime().request('POST', '/trainees', { as: 'school1', body: registration('110105194912310021') });
    expect(response.status).toBe(400);
    const problem = response.body as { code: string; errors: Array<{ path: string; code: string; message: string }> };
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(problem.errors).toContainEqual({
      path: 'body.idNumber',
      code: 'RESIDENT_ID_CHECK_DIGIT',
      message: '身份证号码校验位不正确，请核对后重新输入。',
    });
  });

  it('answers 400 for a lower-case x, naming that rule', async () => {
    const response = await runtime().request('POST', '/trainees', { as: 'school1', body: registration('11010519491231002x') });
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).toContain('RESIDENT_ID_LOWERCASE_X');
  });

  it('answers 400, not 500, for a face photo whose base64 holds no whole byte (found by the route fuzz test, FUZZ_SEED=11)', async () => {
    const response = await runtime().request('POST', '/trainees', { as: 'school1', body: { ...registration('52010319700101733X'), facePhoto: 'g=' } });
    expect(response.status, JSON.stringify(response.body)).toBe(400);
    const problem = response.body as { code: string; errors: Array<{ path: string; message: string }> };
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(problem.errors).toContainEqual(expect.objectContaining({ path: 'body.facePhoto', message: '照片须为 Base64 编码。' }));
  });

  it('answers 401 without a token', async () => {
    const response = await runtime().request('POST', '/trainees', { body: registration('440305198807170016') });
    expect(response.status).toBe(401);
  });

  it('answers 403 to a role that may not register trainees', async () => {
    const response = await runtime().request('POST', '/trainees', { as: 'finance1', body: registration('440305198807170016') });
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('lets the trainee read the record; refuses another trainee, another institution and reviewers whose area holds no record of the person', async () => {
    const path = `/trainees/${registered.traineeId}`;
    expect((await runtime().request('GET', path, { as: 'trainee1' })).status).toBe(200);
    // Self-registered and in no class yet: no office holds the person (test/e2e/tenant-isolation shows one that does).
    const byReviewer = await runtime().request('GET', path, { as: 'reviewer1' });
    expect(byReviewer.status).toBe(403);
    expect(JSON.stringify(byReviewer.body)).not.toContain('11010519491231002X');
    expect((await runtime().request('GET', path, { as: 'trainee2' })).status).toBe(403);
    expect((await runtime().request('GET', path, { as: 'school2' })).status).toBe(403);
    expect((await runtime().request('GET', path, { as: 'finance1' })).status).toBe(403);
  });

  it('masks the ID number for the institution that registered the trainee', async () => {
    const created = await runtime().request('POST', '/trainees', { as: 'school1', body: registration('440305198807170016') });
    const read = await runtime().request('GET', `/trainees/${(created.body as TraineeView).traineeId}`, { as: 'school1' });
    expect(read.body).toMatchObject({ idNumber: '440***********0016', idNumberMasked: true, phone: '138****5678', accountLinked: false });
  });

  it('answers 404 for a trainee that does not exist', async () => {
    const response = await runtime().request('GET', '/trainees/trn_00000000000000000000000000', { as: 'reviewer1' });
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('publishes the OpenAPI 3.1 document with both routes', async () => {
    const response = await runtime().request('GET', '/openapi.json');
    const document = response.body as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(document.openapi).toMatch(/^3\.1/);
    expect(Object.keys(document.paths['/trainees'] ?? {})).toContain('post');
    expect(Object.keys(document.paths['/trainees/{traineeId}'] ?? {})).toContain('get');
  });
});
