import { maskName, maskNumberForPublic } from '@peixun/shared';
import { describe, expect, it } from 'vitest';
import { inspectCertificateNumber } from '../src/domain/certificate-number';
import { isWithinClaimPeriod, lastDayToClaim } from '../src/domain/claim-deadline';
import { policyPeriodOn } from '../src/domain/policy-periods';

describe('certificate numbers', () => {
  it('职业技能等级证书: S or Y and 21 digits, the level at the 16th character', () => {
    expect(inspectCertificateNumber('S52010220250001500001', 'LEVEL_5', undefined)).toMatchObject({ ok: false, problem: { kind: 'FORMAT' } });
    expect(inspectCertificateNumber('S520102202500015000012', 'LEVEL_5', undefined)).toEqual({ ok: true, kind: 'SKILL_LEVEL' });
    expect(inspectCertificateNumber('Y520102202500014000012', 'LEVEL_5', undefined)).toEqual({ ok: false, problem: { kind: 'LEVEL_MISMATCH', position: 16, found: '4', expected: '5' } });
    expect(inspectCertificateNumber('X520102202500015000012', 'LEVEL_5', undefined)).toMatchObject({ ok: false, problem: { kind: 'FORMAT' } });
  });

  it('职业资格证书: 16 digits, the level at the 11th', () => {
    expect(inspectCertificateNumber('5201020000300001', 'LEVEL_3', undefined)).toEqual({ ok: true, kind: 'QUALIFICATION' });
    expect(inspectCertificateNumber('5201020000300001', 'LEVEL_4', undefined)).toMatchObject({ ok: false, problem: { position: 11 } });
  });

  it('专项职业能力: the issuer numbers it, the issuer must be named', () => {
    expect(inspectCertificateNumber('ZX-001', 'SPECIAL_ABILITY', ' ')).toEqual({ ok: false, problem: { kind: 'ISSUER_REQUIRED' } });
    expect(inspectCertificateNumber('ZX-001', 'SPECIAL_ABILITY', '某鉴定站')).toEqual({ ok: true, kind: 'SPECIAL_ABILITY' });
  });
});

describe('Art. 29: one year to claim (Civil Code Art. 201–202 counting)', () => {
  it('ends on the corresponding day a year later; 29 February ends on 28 February', () => {
    expect(lastDayToClaim('2025-03-01')).toBe('2026-03-01');
    expect(lastDayToClaim('2024-02-29')).toBe('2025-02-28');
    expect(isWithinClaimPeriod('2024-02-29', '2025-02-28')).toBe(true);
    expect(isWithinClaimPeriod('2024-02-29', '2025-03-01')).toBe(false);
  });
});

describe('policy periods', () => {
  it('2024–2025 allows 3 of each kind', () => {
    expect(policyPeriodOn('2025-12-31')?.limits).toEqual({ TRAINING_SUBSIDY: 3, DIRECT_CERTIFICATE_SUBSIDY: 3 });
    expect(policyPeriodOn('2023-12-31')).toBeUndefined();
  });
});

describe('public masking', () => {
  it('张*三, 李*, and the ID number with only its first 6 and last 4', () => {
    expect(maskName('张小三')).toBe('张*三');
    expect(maskName('李四')).toBe('李*');
    expect(maskName('欧阳小明')).toBe('欧**明');
    expect(maskNumberForPublic('11010519491231002X')).toBe('110105********002X');
  });
});
