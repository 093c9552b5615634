import type { AuthContext, RegisterTraineeBody } from '@peixun/shared';
import { describe, expect, it } from 'vitest';
import { assertMayWithdrawConsent, consentWithdrawal } from '../src/domain/biometric-consent';
import { registerTrainee, type Trainee, traineeView } from '../src/domain/trainee';
import { decideClaim } from '../src/domain/trainee-account';

const NOW = new Date('2026-11-26T02:00:00Z');
/** What the authority answered for a person staff registered. */
const VERIFIED = { status: 'VERIFIED', method: 'ID_AND_NAME' } as const;
const body: RegisterTraineeBody = {
  idNumber: '11010519491231002X',
  name: '李四',
  phone: '13812345678',
  targetGroups: ['RURAL_MIGRANT_WORKER'],
  biometricConsent: { agreed: true, agreedAt: '2026-11-26T09:58:00+08:00', noticeVersion: '2026-01' },
};
const school: AuthContext = { sub: 'sub-school', username: 'school1', roles: ['institution'], institutionId: 'ins_a' };
const person: AuthContext = { sub: 'sub-person', username: 'trainee9', roles: ['trainee'] };
const stranger: AuthContext = { sub: 'sub-stranger', username: 'trainee8', roles: ['trainee'] };
const admin: AuthContext = { sub: 'sub-admin', username: 'admin', roles: ['admin'] };

const registeredBySchool = (): Trainee => registerTrainee(body, school, NOW, VERIFIED);
const claimed = (): Trainee => ({ ...registeredBySchool(), accountSub: person.sub });
const claimOf = { idNumber: body.idNumber, name: body.name, phone: body.phone };

describe('claiming a school-registered record (学员账号绑定)', () => {
  it('links when ID number, name and phone all match an unclaimed record', () => {
    expect(decideClaim(registeredBySchool(), claimOf, person.sub).kind).toBe('link');
  });

  it('gives one refusal for an unknown number and for mismatching details, so numbers cannot be probed', () => {
    const refusals = [
      () => decideClaim(undefined, claimOf, person.sub),
      () => decideClaim(registeredBySchool(), { ...claimOf, phone: '13800000000' }, person.sub),
      () => decideClaim(registeredBySchool(), { ...claimOf, name: '李五' }, person.sub),
    ];
    for (const refuse of refusals) expect(refuse).toThrow(expect.objectContaining({ code: 'TRAINEE_IDENTITY_NOT_MATCHED', status: 422 }));
  });

  it('answers a record already linked to the caller again, and refuses it to any other login', () => {
    expect(decideClaim(claimed(), claimOf, person.sub).kind).toBe('already-linked-to-caller');
    expect(() => decideClaim(claimed(), claimOf, stranger.sub)).toThrow(expect.objectContaining({ code: 'TRAINEE_ALREADY_CLAIMED', status: 409 }));
  });
});

describe('withdrawing face consent (PIPL Art. 15)', () => {
  it('is for the person themself and administrators only', () => {
    expect(() => assertMayWithdrawConsent(claimed(), person)).not.toThrow();
    expect(() => assertMayWithdrawConsent(claimed(), admin)).not.toThrow();
    for (const caller of [stranger, school]) expect(() => assertMayWithdrawConsent(claimed(), caller)).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
  });

  it('records who withdrew and when, and the record shows consent withdrawn', () => {
    const withdrawal = consentWithdrawal(claimed(), admin, NOW);
    expect(withdrawal).toEqual({ at: '2026-11-26T02:00:00.000Z', by: { sub: 'sub-admin', role: 'admin' } });
    expect(consentWithdrawal(claimed(), person, NOW).by.role).toBe('trainee');
    const trainee = claimed();
    expect(traineeView(trainee, person)).toMatchObject({ biometricConsentStatus: 'GIVEN', accountLinked: true });
    const withdrawn = { ...trainee, biometricConsent: { ...trainee.biometricConsent, withdrawn: withdrawal } };
    expect(traineeView(withdrawn, person)).toMatchObject({ biometricConsentStatus: 'WITHDRAWN', biometricConsentWithdrawnAt: withdrawal.at, biometricConsentWithdrawnBy: withdrawal.by });
  });
});
