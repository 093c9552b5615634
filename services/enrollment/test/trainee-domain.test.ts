import type { AuthContext, RegisterTraineeBody } from '@peixun/shared';
import { describe, expect, it } from 'vitest';
import { assertMayView, registeredEventDetail, registerTrainee, traineeView } from '../src/domain/trainee';

const NOW = new Date('2026-11-26T02:00:00Z');
/** What the authority answered for a person staff registered. */
const VERIFIED = { status: 'VERIFIED', method: 'ID_AND_NAME' } as const;
const body: RegisterTraineeBody = {
  idNumber: '11010519491231002X',
  name: '李四',
  phone: '13812345678',
  targetGroups: ['RURAL_MIGRANT_WORKER', 'RURAL_MIGRANT_WORKER'],
  biometricConsent: { agreed: true, agreedAt: '2026-11-26T09:58:00+08:00', noticeVersion: '2026-01' },
};
const self: AuthContext = { sub: 'sub-trainee', username: 'trainee1', roles: ['trainee'] };
const school: AuthContext = { sub: 'sub-school', username: 'school1', roles: ['institution'], institutionId: 'ins_a' };
const reviewer: AuthContext = { sub: 'sub-reviewer', username: 'reviewer1', roles: ['reviewer'], areaCode: '520102' };

describe('trainee registration (Art. 27 real-name system)', () => {
  it('derives sex and birth date from the ID number instead of asking twice', () => {
    const trainee = registerTrainee(body, self, NOW, VERIFIED);
    expect(trainee).toMatchObject({ sex: 'female', birthDate: '1949-12-31', regionCode: '110105' });
    expect(trainee.traineeId).toMatch(/^trn_[0-9a-z]{26}$/);
    expect(trainee.targetGroups).toEqual(['RURAL_MIGRANT_WORKER']);
  });

  it('links a self-registering trainee to their account', () => {
    expect(registerTrainee(body, self, NOW, VERIFIED).accountSub).toBe('sub-trainee');
  });

  it('records the institution when its staff register someone, and links no account', () => {
    const trainee = registerTrainee(body, school, NOW, VERIFIED);
    expect(trainee.registeredBy).toEqual({ sub: 'sub-school', role: 'institution', institutionId: 'ins_a' });
    expect(trainee.accountSub).toBeUndefined();
  });

  it('refuses institution staff whose account belongs to no institution', () => {
    expect(() => registerTrainee(body, { ...school, institutionId: undefined }, NOW, VERIFIED)).toThrow(/未关联培训机构/);
  });

  it('puts no ID number in clear into the Trainee.Registered event', () => {
    const detail = registeredEventDetail(registerTrainee(body, self, NOW, VERIFIED));
    expect(JSON.stringify(detail)).not.toContain('11010519491231002X');
    expect(detail.idNumberMasked).toBe('110***********002X');
  });
});

describe('who sees a trainee record', () => {
  const registeredBySchool = registerTrainee(body, school, NOW, VERIFIED);
  const selfRegistered = registerTrainee(body, self, NOW, VERIFIED);

  it('shows the full ID number to the trainee themself and to reviewers whose area holds the record', () => {
    expect(traineeView(selfRegistered, self)).toMatchObject({ idNumber: '11010519491231002X', idNumberMasked: false });
    expect(traineeView(selfRegistered, reviewer, true)).toMatchObject({ idNumber: '11010519491231002X', phone: '13812345678' });
  });

  it('masks ID and phone numbers for institution staff', () => {
    expect(traineeView(registeredBySchool, school)).toMatchObject({
      idNumber: '110***********002X',
      idNumberMasked: true,
      phone: '138****5678',
    });
  });

  it('lets the registering institution read its trainee but not another institution', () => {
    expect(() => assertMayView(registeredBySchool, school, false)).not.toThrow();
    expect(() => assertMayView(registeredBySchool, { ...school, institutionId: 'ins_b' }, false)).toThrow(/无权查看/);
  });

  it('refuses another trainee and finance staff', () => {
    expect(() => assertMayView(selfRegistered, { ...self, sub: 'someone-else' }, false)).toThrow(/无权查看/);
    expect(() => assertMayView(selfRegistered, { sub: 'f', username: 'finance1', roles: ['finance'] }, false)).toThrow(/无权查看/);
  });

  it('refuses a reviewer whose area does not hold the record, and shows the numbers to one whose area does', () => {
    const outsider = { sub: 'r', username: 'reviewer2', roles: ['reviewer' as const], areaCode: '520302' };
    expect(() => assertMayView(registeredBySchool, outsider, false)).toThrow(/无权查看/);
    expect(() => assertMayView(registeredBySchool, outsider, true)).not.toThrow();
    expect(traineeView(registeredBySchool, outsider, false)).toMatchObject({ idNumberMasked: true, phone: '138****5678' });
    expect(traineeView(registeredBySchool, outsider, true)).toMatchObject({ idNumberMasked: false, phone: '13812345678' });
  });
});
