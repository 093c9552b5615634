import { defineErrorCatalogue, defineRoute, type DomainError, type ErrorCatalogue, errorPicker, implicitErrors, type RouteContract, routeKey } from '@peixun/shared';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { serviceManifests } from '../../services/manifests';
import { ATTENDANCE_ERRORS } from '../../shared/src/contracts/attendance/errors';
import { CLAIM_ERRORS } from '../../shared/src/contracts/claims/errors';
import { ENROLLMENT_ERRORS } from '../../shared/src/contracts/enrollment/errors';
import { PAYMENT_ERRORS } from '../../shared/src/contracts/payments/errors';
import { RECORDING_ERRORS } from '../../shared/src/contracts/recordings/errors';
import { errorClaimProblems } from './error-consistency';
import { actionRefusalsIn, errorClassesIn, PAYMENT_ERROR_CODES, RECORDING_ERROR_CODES, serviceErrors, sourcesOf } from './service-errors';

/**
 * The statuses and titles in the route contracts (and so in /openapi.json) are the ones the
 * handlers really answer with: each listed code is checked against the errors the service's own
 * classes and factories build, and each service's catalogue against everything it throws.
 */
const CATALOGUES: Readonly<Record<string, ErrorCatalogue>> = {
  enrollment: ENROLLMENT_ERRORS,
  attendance: ATTENDANCE_ERRORS,
  recordings: RECORDING_ERRORS,
  payments: PAYMENT_ERRORS,
  claims: CLAIM_ERRORS,
};

const thrownBy = await serviceErrors();

const claimsOf = (service: string, routes: readonly RouteContract[] = serviceManifests.find((m) => m.name === service)?.routes.map((r) => r.contract) ?? []) => ({
  service,
  catalogue: CATALOGUES[service] ?? {},
  routes,
  thrown: thrownBy.get(service) ?? [],
});

describe('route contracts list the errors their services really throw', () => {
  it('every service with routes has a catalogue and its thrown errors collected', () => {
    for (const manifest of serviceManifests.filter((m) => m.routes.length > 0)) {
      expect(Object.keys(CATALOGUES), manifest.name).toContain(manifest.name);
      expect(thrownBy.get(manifest.name)?.length ?? 0, manifest.name).toBeGreaterThan(0);
    }
  });

  for (const service of Object.keys(CATALOGUES)) {
    it(`${service}: each listed code has the status and title the service's errors carry`, () => {
      expect(errorClaimProblems(claimsOf(service))).toEqual([]);
    });
  }

  it('POST /trainees answers 409 TRAINEE_ALREADY_REGISTERED, as TraineeAlreadyRegistered does', () => {
    const route = serviceManifests.flatMap((m) => m.routes).find((r) => r.contract.operationId === 'registerTrainee')?.contract;
    expect(route?.errors).toContainEqual({ code: 'TRAINEE_ALREADY_REGISTERED', status: 409, title: '学员已登记' });
    expect(thrownBy.get('enrollment')?.find((error) => error.code === 'TRAINEE_ALREADY_REGISTERED')).toMatchObject({ status: 409, title: '学员已登记' });
  });
});

describe('the consistency check itself', () => {
  const wrong = (errors: RouteContract['errors']) =>
    defineRoute({
      method: 'POST',
      path: '/trainees',
      operationId: 'wrongTrainee',
      summary: '测试',
      tags: [],
      access: { admin: 'any' },
      response: { status: 201, schema: z.object({}) },
      errors,
    });

  it('fails a contract that gives a code the wrong status', () => {
    const route = wrong([{ code: 'TRAINEE_ALREADY_REGISTERED', status: 422, title: '学员已登记' }]);
    expect(errorClaimProblems(claimsOf('enrollment', [route]))).toEqual([
      'POST /trainees lists TRAINEE_ALREADY_REGISTERED as 422, but enrollment throws it with 409 (TraineeAlreadyRegistered)',
    ]);
  });

  it('fails a contract that lists a code no error of that service has, even one another service throws', () => {
    const route = wrong([
      { code: 'TRAINEE_NO_SUCH_THING', status: 409, title: '无' },
      { code: 'FACE_MISMATCH', status: 422, title: '人脸比对未通过' },
    ]);
    expect(errorClaimProblems(claimsOf('enrollment', [route]))).toEqual([
      'POST /trainees lists TRAINEE_NO_SUCH_THING, which no error of enrollment has',
      'POST /trainees lists FACE_MISMATCH, which no error of enrollment has',
    ]);
  });

  it('fails a wrong title, a shared error restated wrongly, a catalogue entry with the wrong status, and a thrown code left out of the catalogue', () => {
    const route = wrong([
      { code: 'TRAINEE_ALREADY_REGISTERED', status: 409, title: '重复' },
      { code: 'NOT_FOUND', status: 410, title: '记录不存在' },
    ]);
    const { TRAINEE_ALREADY_CLAIMED: _left, ...rest } = ENROLLMENT_ERRORS;
    const catalogue = { ...rest, ...defineErrorCatalogue({ TRAINEE_ALREADY_REGISTERED: { status: 400, title: '学员已登记' } }) };
    expect(errorClaimProblems({ ...claimsOf('enrollment', [route]), catalogue })).toEqual([
      'the enrollment catalogue lists TRAINEE_ALREADY_REGISTERED as 400, but enrollment throws it with 409 (TraineeAlreadyRegistered)',
      'enrollment throws TRAINEE_ALREADY_CLAIMED (TraineeAlreadyClaimed), which its catalogue does not list',
      'POST /trainees titles TRAINEE_ALREADY_REGISTERED “重复”, but enrollment titles it “学员已登记” (TraineeAlreadyRegistered)',
      'POST /trainees lists NOT_FOUND as 410 “记录不存在”, but the shared error is 404 “记录不存在”',
    ]);
  });

  it('fails a catalogue that leaves out a code the HTTP preset answers on its routes, or restates one wrongly', () => {
    const idempotent = defineRoute({
      method: 'POST',
      path: '/trainees',
      operationId: 'idempotentTrainee',
      idempotent: true,
      summary: '测试',
      tags: [],
      access: { admin: 'any' },
      response: { status: 201, schema: z.object({}) },
    });
    const { IDEMPOTENCY_KEY_REUSED: _reused, INPUT_NOT_STORABLE: _storable, ...rest } = ENROLLMENT_ERRORS;
    const catalogue = { ...rest, ...defineErrorCatalogue({ IDEMPOTENCY_IN_PROGRESS: { status: 423, title: '请求正在处理' } }) };
    expect(errorClaimProblems({ ...claimsOf('enrollment', [idempotent]), catalogue })).toEqual([
      'the enrollment catalogue lists IDEMPOTENCY_IN_PROGRESS as 423 “请求正在处理”, but the HTTP preset answers it with 409 “请求正在处理”',
      'POST /trainees can answer INPUT_NOT_STORABLE (HTTP preset), which the enrollment catalogue does not list',
      'POST /trainees can answer IDEMPOTENCY_KEY_REUSED (HTTP preset), which the enrollment catalogue does not list',
    ]);
    // A route without Idempotency-Key still answers INPUT_NOT_STORABLE, not the IDEMPOTENCY_* codes.
    expect(implicitErrors({ ...idempotent, idempotent: false }).map((error) => error.code)).not.toContain('IDEMPOTENCY_KEY_REUSED');
    expect(implicitErrors({ ...idempotent, idempotent: false }).map((error) => error.code)).toContain('INPUT_NOT_STORABLE');
  });

  it('every route taking an Idempotency-Key documents the IDEMPOTENCY_* errors; every route INPUT_NOT_STORABLE', () => {
    const routes = serviceManifests.flatMap((manifest) => manifest.routes.map((route) => route.contract));
    expect(routes.filter((route) => route.idempotent === true).length).toBeGreaterThanOrEqual(40);
    for (const route of routes) {
      const codes = implicitErrors(route).map((error) => error.code);
      expect(codes, routeKey(route)).toContain('INPUT_NOT_STORABLE');
      if (route.idempotent === true) expect(codes, routeKey(route)).toEqual(expect.arrayContaining(['IDEMPOTENCY_KEY_REUSED', 'IDEMPOTENCY_IN_PROGRESS', 'IDEMPOTENCY_KEY_INVALID']));
    }
  });

  it('an unknown code does not even compile when picked from a catalogue', () => {
    const pick = errorPicker(defineErrorCatalogue({ PROBE_BROKEN: { status: 503, title: '探针故障' } }));
    // @ts-expect-error TRAINEE_ALREADY_REGISTERED is not in this catalogue
    expect(() => pick('TRAINEE_ALREADY_REGISTERED')).toThrow('Unknown error code TRAINEE_ALREADY_REGISTERED');
    expect(pick('PROBE_BROKEN', 'FORBIDDEN').map((error) => `${error.status} ${error.code}`)).toEqual(['503 PROBE_BROKEN', '403 FORBIDDEN']);
  });
});

describe('the collected errors are all the errors the services throw', () => {
  const names = (errors: readonly DomainError[] | undefined) => new Set((errors ?? []).map((error) => error.name));

  for (const service of Object.keys(CATALOGUES)) {
    it(`${service}: every error class the source instantiates is collected`, () => {
      const sources = sourcesOf(service);
      const instantiated = errorClassesIn(sources).filter((name) => sources.some(({ text }) => new RegExp(`\\bnew ${name}\\(`).test(text)));
      expect(instantiated.length).toBeGreaterThan(0);
      const collected = names(thrownBy.get(service));
      expect(instantiated.filter((name) => !collected.has(name))).toEqual([]);
      // Errors are built by their classes, never as a bare DomainError whose status nobody sees.
      expect(sources.filter(({ text }) => /\bnew DomainError\(/.test(text)).map(({ path }) => path)).toEqual([]);
    });
  }

  it('enrollment: every ActionRefused throw site is read, with the status it passes', () => {
    const { errors, unread } = actionRefusalsIn(sourcesOf('enrollment'));
    expect(unread).toEqual([]);
    expect(errors.length).toBeGreaterThanOrEqual(20);
    expect(errors.find((error) => error.code === 'CLASS_LOCKED_USE_CHANGE_REQUEST')).toMatchObject({ status: 409 });
    expect(errors.find((error) => error.code === 'CHANGE_REASON_REQUIRED')).toMatchObject({ status: 422 });
  });

  it('enrollment: a throw site of a shape the reader does not know is reported, not skipped', () => {
    const source = { path: 'x.ts', text: 'throw new ActionRefused(rules[0], 409, "x");\nthrow new ActionRefused(ACTOR_RULES.outsideArea, status, "x");' };
    expect(actionRefusalsIn([source]).unread.map((site) => site.call.slice(0, 30))).toEqual([
      'new ActionRefused(rules[0], 40',
      'new ActionRefused(ACTOR_RULES.',
    ]);
  });

  it('payments: every code of PAYMENT_ERROR_CODES is collected', () => {
    const collected = new Set(thrownBy.get('payments')?.map((error) => error.code));
    expect(PAYMENT_ERROR_CODES.filter((code) => !collected.has(code))).toEqual([]);
  });

  it('recordings: every code of RECORDING_ERROR_CODES is collected', () => {
    const collected = new Set(thrownBy.get('recordings')?.map((error) => error.code));
    expect(RECORDING_ERROR_CODES.filter((code) => !collected.has(code))).toEqual([]);
  });
});
