import { describe, expect, it } from 'vitest';
import { validateClassApplication } from '../src/classes/validate-class-application';
import { decideVerification, type IdentityVerdict, mayTakeOver, TraineeIdentityNotVerified } from '../src/domain/identity-verification';
import { sameRegistrant } from '../src/domain/trainee';
import { application, context, traineesFor } from './support/issue3-fixtures';

const match = (faceCompared: boolean, idPhotoOnFile: boolean): IdentityVerdict => ({ outcome: 'MATCH', faceCompared, idPhotoOnFile, checkId: 'c' });

describe('real-name verification (实名核验): what the authority must prove', () => {
  it('Art. 27: staff who saw the ID card need ID number and name; the record is verified', () => {
    expect(decideVerification('staff', match(false, true))).toEqual({ status: 'VERIFIED', method: 'ID_AND_NAME' });
  });

  it('a trainee login registering itself is verified only by its face against the ID photo', () => {
    expect(decideVerification('self', match(true, true))).toEqual({ status: 'VERIFIED', method: 'ID_NAME_AND_FACE' });
    // Number and name are what a squatter knows: without the face the record stays unverified.
    expect(decideVerification('self', match(false, true))).toEqual({ status: 'UNVERIFIED', why: 'FACE_NOT_PROVEN' });
  });

  it('where the authority holds no ID photo, number and name are all anyone can prove', () => {
    expect(decideVerification('self', match(false, false))).toEqual({ status: 'VERIFIED', method: 'ID_AND_NAME' });
  });

  it('an unavailable authority leaves the record unverified, for a later check; it refuses nobody', () => {
    expect(decideVerification('staff', { outcome: 'UNAVAILABLE' })).toEqual({ status: 'UNVERIFIED', why: 'AUTHORITY_UNAVAILABLE' });
    expect(decideVerification('self', { outcome: 'UNAVAILABLE' })).toEqual({ status: 'UNVERIFIED', why: 'AUTHORITY_UNAVAILABLE' });
  });

  it('refuses a wrong name, an unknown number and someone else’s face, with one wording for the first two', () => {
    const refusal = (outcome: 'NAME_MISMATCH' | 'NOT_FOUND' | 'FACE_MISMATCH') => {
      try {
        decideVerification('self', { outcome, checkId: 'c' });
      } catch (error) {
        expect(error).toBeInstanceOf(TraineeIdentityNotVerified);
        return error as TraineeIdentityNotVerified;
      }
      throw new Error('not refused');
    };
    expect(refusal('NAME_MISMATCH').code).toBe('TRAINEE_IDENTITY_NOT_VERIFIED');
    expect(refusal('NAME_MISMATCH').detail).toBe(refusal('NOT_FOUND').detail);
    expect(refusal('FACE_MISMATCH').detail).toContain('人脸');
    expect(refusal('FACE_MISMATCH').status).toBe(422);
  });
});

describe('an unverified record never blocks the verified person', () => {
  it('a verified registration takes the number over from an unverified holder', () => {
    expect(mayTakeOver('VERIFIED', { traineeId: 'trn_a', verified: false })).toBe(true);
  });

  it('a verified holder keeps the number, and an unverified registration takes nothing', () => {
    expect(mayTakeOver('VERIFIED', { traineeId: 'trn_a', verified: true })).toBe(false);
    expect(mayTakeOver('UNVERIFIED', { traineeId: 'trn_a', verified: false })).toBe(false);
  });
});

describe('re-registering one’s own unverified record is no take-over', () => {
  const by = (sub: string, institutionId?: string) => ({ registeredBy: { sub, role: institutionId === undefined ? 'trainee' : 'institution', ...(institutionId === undefined ? {} : { institutionId }) } as const });

  it('the same institution (any of its staff) registering again keeps its record (it checks it again instead)', () => {
    expect(sameRegistrant(by('staff-a', 'ins_a'), by('staff-b', 'ins_a'))).toBe(true);
  });

  it('another institution or another login is someone else', () => {
    expect(sameRegistrant(by('staff-a', 'ins_a'), by('staff-b', 'ins_b'))).toBe(false);
    expect(sameRegistrant(by('login-1'), by('login-2'))).toBe(false);
    expect(sameRegistrant(by('login-1'), by('staff-a', 'ins_a'))).toBe(false);
  });
});

describe('Art. 27: only verified people are enrolled', () => {
  it('refuses a roster with an unverified and a frozen trainee, naming each row and person', () => {
    const trainees = traineesFor(80, (index) => (index === 1 ? { verification: 'UNVERIFIED' } : index === 2 ? { verification: 'FROZEN' } : {}));
    const violations = validateClassApplication(application(), context({ trainees }));
    const unverified = violations.filter((violation) => violation.code === 'TRAINEE_NOT_VERIFIED');
    const frozen = violations.filter((violation) => violation.code === 'TRAINEE_IDENTITY_FROZEN');
    expect(unverified).toHaveLength(1);
    expect(frozen).toHaveLength(1);
    expect(unverified[0]?.message).toMatch(/花名册第\d+行.*尚未通过实名核验/);
    expect(unverified[0]?.subjects[0]).toMatchObject({ kind: 'trainee' });
    expect(frozen[0]?.message).toContain('已冻结');
    expect(unverified[0]?.article).toBe('Art. 27');
  });

  it('accepts a roster of verified people', () => {
    expect(validateClassApplication(application(), context()).filter((v) => v.code.includes('VERIF') || v.code.includes('FROZEN'))).toEqual([]);
  });
});
