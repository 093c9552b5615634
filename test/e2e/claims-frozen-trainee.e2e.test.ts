/**
 * Issue 9 leftover: a record frozen by enrollment (`Trainee.Frozen`: a verified registration of
 * the same person took over its ID number) files no direct claim (Art. 29 subsidies go to the
 * real person), whatever order the events arrive in and however often.
 */
import { traineeFrozen } from '@peixun/shared';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findUser, type SeededUser } from '../../local/src/identity/users';
import { claimsManifest } from '../../services/claims/src/manifest';
import { useLocalRuntime, type TestResponse } from '../support/runtime';
import { approvedClass, certificateBody, idNumber, type Person, registered, skillCertificateNumber } from './fixtures/claims';
import { envelopeOf } from './fixtures/enrollment-events';

const runtime = useLocalRuntime({ manifests: [claimsManifest] });
const user = (name: string): SeededUser => findUser(name) as SeededUser;
/** The squatter: an unverified record under someone's ID number, frozen when the real person registered verified. */
const SQUATTER: Person = { user: user('trainee-squatter'), traineeId: 'trn_squatter', name: '王五', idNumber: idNumber(31) };
const HONEST: Person = { user: user('trainee-honest'), traineeId: 'trn_honest', name: '赵六', idNumber: idNumber(47) };
const code = (response: TestResponse): unknown => (response.body as { code?: unknown }).code;

const frozen = envelopeOf(traineeFrozen, {
  traineeId: SQUATTER.traineeId,
  frozenAt: '2025-06-20T10:00:00+08:00',
  reason: 'IDENTITY_TAKEN_OVER',
  verifiedTraineeId: 'trn_verified_person',
  anomalyId: 'anm_takeover_1',
  areaCode: '520102',
});

beforeAll(async () => {
  // Out of order: the freeze is delivered before the registration it freezes, and again after it.
  runtime().bus.publish(frozen);
  await runtime().bus.settled();
  runtime().bus.publish(registered(SQUATTER));
  runtime().bus.publish(registered(HONEST));
  runtime().bus.publish(approvedClass({ classId: 'cls_frozen_standards', roster: [] }, ['4-03-02-01']));
  await runtime().bus.settled();
  runtime().bus.publish(frozen);
  await runtime().bus.settled();
});
afterEach(() => runtime().setClock(undefined));

async function certificate(person: Person, serial: number): Promise<string> {
  const number = skillCertificateNumber(serial, 'LEVEL_5');
  const response = await runtime().request('POST', '/certificates', { as: 'evaluator1', body: certificateBody(person, number) });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return number;
}

const claim = (person: Person, certificateNumber: string) =>
  runtime().request('POST', '/direct-claims', { as: person.user.username, body: { certificateNumber, idNumber: person.idNumber, insuredEmployee: false } });

describe('Trainee.Frozen in claims', () => {
  it('Art. 29: a frozen record files no direct claim (409 TRAINEE_FROZEN), though the freeze arrived before its registration and twice', async () => {
    runtime().setClock(new Date('2025-07-01T10:00:00+08:00'));
    const response = await claim(SQUATTER, await certificate(SQUATTER, 7001));
    expect(response.status, JSON.stringify(response.body)).toBe(409);
    expect(code(response)).toBe('TRAINEE_FROZEN');
    expect((response.body as { detail: string }).detail).toContain('已冻结');
  });

  it('a record that is not frozen files its direct claim as before', async () => {
    runtime().setClock(new Date('2025-07-01T10:00:00+08:00'));
    const response = await claim(HONEST, await certificate(HONEST, 7002));
    expect(response.status, JSON.stringify(response.body)).toBe(201);
  });
});
