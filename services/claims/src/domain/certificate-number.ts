import type { CertificateLevel } from '@peixun/shared';

/**
 * The published numbering of skill certificates:
 * - 职业技能等级证书 (issued since 2020 by employers and social evaluation bodies): 22 characters,
 *   `Y` (employer) or `S` (social evaluation organisation), then 21 digits; the 16th character is
 *   the level, 1 (高级技师) to 5 (初级工);
 * - the older 职业资格证书: 16 digits, the level at the 11th;
 * - 专项职业能力证书: each issuer's own numbering, accepted when the issuing body is named.
 */
export type CertificateNumberProblem =
  | { kind: 'FORMAT'; detail: string }
  | { kind: 'LEVEL_MISMATCH'; position: number; found: string; expected: string }
  | { kind: 'ISSUER_REQUIRED' };

export type CertificateNumberKind = 'SKILL_LEVEL' | 'QUALIFICATION' | 'SPECIAL_ABILITY';

const LEVEL_DIGIT: Record<Exclude<CertificateLevel, 'SPECIAL_ABILITY'>, string> = {
  LEVEL_1: '1',
  LEVEL_2: '2',
  LEVEL_3: '3',
  LEVEL_4: '4',
  LEVEL_5: '5',
};

export const SKILL_LEVEL_LEVEL_POSITION = 16;
export const QUALIFICATION_LEVEL_POSITION = 11;

export function inspectCertificateNumber(
  number: string,
  level: CertificateLevel,
  issuingBody: string | undefined,
): { ok: true; kind: CertificateNumberKind } | { ok: false; problem: CertificateNumberProblem } {
  if (level === 'SPECIAL_ABILITY') {
    if (issuingBody === undefined || issuingBody.trim() === '') return { ok: false, problem: { kind: 'ISSUER_REQUIRED' } };
    return { ok: true, kind: 'SPECIAL_ABILITY' };
  }
  const expected = LEVEL_DIGIT[level];
  if (/^[YS]/.test(number)) {
    if (!/^[YS]\d{21}$/.test(number)) {
      return { ok: false, problem: { kind: 'FORMAT', detail: `职业技能等级证书编号应为 22 位：首位 Y 或 S，其后 21 位数字；收到 ${number.length} 位。` } };
    }
    return levelAt(number, SKILL_LEVEL_LEVEL_POSITION, expected, 'SKILL_LEVEL');
  }
  if (/^\d+$/.test(number)) {
    if (number.length !== 16) {
      return { ok: false, problem: { kind: 'FORMAT', detail: `职业资格证书编号应为 16 位数字；收到 ${number.length} 位。` } };
    }
    return levelAt(number, QUALIFICATION_LEVEL_POSITION, expected, 'QUALIFICATION');
  }
  return { ok: false, problem: { kind: 'FORMAT', detail: '证书编号应为职业技能等级证书（Y 或 S 开头，共 22 位）或职业资格证书（16 位数字）。' } };
}

function levelAt(
  number: string,
  position: number,
  expected: string,
  kind: CertificateNumberKind,
): { ok: true; kind: CertificateNumberKind } | { ok: false; problem: CertificateNumberProblem } {
  const found = number[position - 1] ?? '';
  if (found !== expected) return { ok: false, problem: { kind: 'LEVEL_MISMATCH', position, found, expected } };
  return { ok: true, kind };
}
