import { describe, expect, it } from 'vitest';
import { creditCodeCheckCharacter, inspectCreditCode } from '../../src/institutions/credit-code';
import { licenceValidOn, validateInstitutionRegistration } from '../../src/institutions/institution';
import { registrationValidUntil, renewTeacherRegistration, teacherValidOn } from '../../src/institutions/teachers';
import { codes, creditCode, divisions, institution, teacher } from '../support/issue3-fixtures';

describe('unified social credit code (GB 32100-2015)', () => {
  it('GB 32100: published codes of real enterprises pass (华为技术有限公司, 深圳市腾讯计算机系统有限公司)', () => {
    expect(inspectCreditCode('914403001922038216')).toEqual({
      ok: true,
      facts: { registrationAuthority: '9', organisationCategory: '91', regionCode: '440300' },
    });
    expect(inspectCreditCode('9144030071526726XG').ok).toBe(true);
  });

  it('GB 32100: the check character is 31 − (Σ value × weight) mod 31 over the 31-character set', () => {
    expect(creditCodeCheckCharacter('91440300192203821')).toBe('6');
    expect(creditCodeCheckCharacter('9144030071526726X')).toBe('G');
    // A remainder of 0 gives 31, written 0.
    const first17 = Array.from({ length: 31 }, (_, i) => `915201020000000${String(i).padStart(2, '0')}`).find(
      (candidate) => creditCodeCheckCharacter(candidate) === '0',
    );
    expect(first17).toBeDefined();
  });

  it('GB 32100: a wrong check character is refused', () => {
    expect(inspectCreditCode('914403001922038217')).toEqual({ ok: false, problem: 'checkCharacter' });
  });

  it('GB 32100: the letters I, O, Z, S and V are never used', () => {
    for (const letter of ['I', 'O', 'Z', 'S', 'V']) {
      expect(inspectCreditCode(`91440300${letter}922038216`)).toEqual({ ok: false, problem: 'forbiddenLetter' });
    }
  });

  it('GB 32100: 18 upper-case characters with a numeric region code', () => {
    expect(inspectCreditCode('91440300192203821')).toEqual({ ok: false, problem: 'format' });
    expect(inspectCreditCode('9144030071526726xg')).toEqual({ ok: false, problem: 'format' });
    expect(inspectCreditCode('9144A30071526726XG')).toEqual({ ok: false, problem: 'region' });
  });

  it('the fixture code of a Guizhou 民办非企业单位 is well formed', () => {
    expect(inspectCreditCode(creditCode()).ok).toBe(true);
  });
});

describe('institution registration (Art. 7(2))', () => {
  it('Art. 7(2): a complete private school registration has no problems', () => {
    expect(validateInstitutionRegistration(institution(), divisions, '2025-05-01')).toEqual([]);
  });

  it('Art. 7(2): every problem is reported together — bad code, wrong licence kind, unknown site area', () => {
    const broken = institution({
      creditCode: '52520102MJY12345AX',
      licences: [{ kind: 'BUSINESS_LICENCE', number: 'x', issuedBy: '市场监管局', validFrom: '2024-01-01' }],
    });
    broken.sites[0] = { ...broken.sites[0]!, areaCode: '520100' };
    const violations = validateInstitutionRegistration(broken, divisions, '2025-05-01');
    expect(codes(violations)).toEqual(['CREDIT_CODE_CHECK_CHARACTER', 'INSTITUTION_LICENCE_MISSING', 'INSTITUTION_AREA_UNKNOWN']);
    expect(violations[1]?.message).toContain('民办职业培训学校');
    expect(violations[1]?.message).toContain('办学许可证');
  });

  it('Art. 7(2): an expired licence is reported with the date', () => {
    const expired = institution({ licences: [{ ...institution().licences[0]!, validUntil: '2025-04-30' }] });
    const [violation] = validateInstitutionRegistration(expired, divisions, '2025-05-01');
    expect(violation?.code).toBe('INSTITUTION_LICENCE_NOT_VALID');
    expect(violation?.message).toContain('2025-05-01');
  });

  it('Art. 7(2): a licence without an end date (长期) stays valid; an enterprise needs a business licence', () => {
    const enterprise = institution({
      kind: 'ENTERPRISE',
      licences: [{ kind: 'BUSINESS_LICENCE', number: '91520100MA6DLXXXXX', issuedBy: '贵阳市市场监督管理局', validFrom: '2018-03-01' }],
    });
    expect(licenceValidOn(enterprise, '2040-01-01')).toBe(true);
    expect(licenceValidOn(institution({ kind: 'ENTERPRISE' }), '2025-06-01')).toBe(false);
  });
});

describe('teacher registry (师资库, Art. 33)', () => {
  it('Art. 33: a registration is valid for one year from approval', () => {
    const t = teacher();
    expect(teacherValidOn(t, '2025-01-09')).toBe(false);
    expect(teacherValidOn(t, '2025-01-10')).toBe(true);
    expect(teacherValidOn(t, '2026-01-09')).toBe(true);
    expect(teacherValidOn(t, '2026-01-10')).toBe(false);
    expect(registrationValidUntil(t.registrations[0]!)).toBe('2026-01-09');
  });

  it('Art. 33: the yearly renewal extends the teacher without losing the history', () => {
    const renewed = renewTeacherRegistration(teacher(), { cityCode: '520100', approvedOn: '2026-01-05', approvedBy: 'reviewer_gy' });
    expect(teacherValidOn(renewed, '2026-06-01')).toBe(true);
    expect(teacherValidOn(renewed, '2027-01-05')).toBe(false);
    expect(renewed.registrations).toHaveLength(2);
  });

  it('Art. 33: a registration approved on 29 February lasts until 28 February', () => {
    const leap = teacher({ registrations: [{ cityCode: '520100', approvedOn: '2024-02-29', approvedBy: 'r' }] });
    expect(teacherValidOn(leap, '2025-02-28')).toBe(true);
    expect(teacherValidOn(leap, '2025-03-01')).toBe(false);
  });

  it('Art. 33: a revoked registration ends the day before revocation', () => {
    const revoked = teacher({ registrations: [{ cityCode: '520100', approvedOn: '2025-01-10', approvedBy: 'r', revokedOn: '2025-05-01' }] });
    expect(teacherValidOn(revoked, '2025-04-30')).toBe(true);
    expect(teacherValidOn(revoked, '2025-05-01')).toBe(false);
  });

  it("Art. 33: a city's registry covers that city only", () => {
    expect(teacherValidOn(teacher(), '2025-06-01', '520100')).toBe(true);
    expect(teacherValidOn(teacher(), '2025-06-01', '520300')).toBe(false);
  });
});
