import { GB_32100 } from '../reference/articles';
import { defineRule, type Rule } from '../reference/rules';

/**
 * Unified social credit code (统一社会信用代码), GB 32100-2015: 18 characters from a 31-character
 * set that leaves out I, O, Z, S and V (easily misread); positions 3–8 are the registering
 * authority's GB/T 2260 region code; the 18th is a check character, weights 3^i mod 31,
 * C18 = 31 − (Σ value × weight) mod 31, with 31 written as 0.
 */
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

export const CREDIT_CODE_RULES = {
  format: defineRule('CREDIT_CODE_FORMAT', GB_32100, '统一社会信用代码由18位数字或大写英文字母组成'),
  forbiddenLetter: defineRule('CREDIT_CODE_FORBIDDEN_LETTER', GB_32100, '统一社会信用代码不使用字母I、O、Z、S、V'),
  region: defineRule('CREDIT_CODE_REGION', GB_32100, '统一社会信用代码第3至8位为登记管理机关行政区划码（6位数字）'),
  checkCharacter: defineRule('CREDIT_CODE_CHECK_CHARACTER', GB_32100, '统一社会信用代码第18位校验码须按模31加权算法与前17位相符'),
} as const satisfies Record<string, Rule>;

export type CreditCodeProblem = keyof typeof CREDIT_CODE_RULES;

/** The check character for the first 17 characters, or undefined when one is outside the set. */
export function creditCodeCheckCharacter(first17: string): string | undefined {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    const value = CHARSET.indexOf(first17[i] ?? '');
    if (value < 0) return undefined;
    sum += value * (WEIGHTS[i] ?? 0);
  }
  return CHARSET[(31 - (sum % 31)) % 31];
}

export interface CreditCodeFacts {
  /** 1st character: registering authority (1 机构编制, 5 民政, 9 工商/市场监管 …). */
  registrationAuthority: string;
  /** 2nd character: organisation category within that authority (e.g. 52 民办非企业单位, 91 企业). */
  organisationCategory: string;
  regionCode: string;
}

/** Facts of a well-formed code, or the first rule it breaks (in the order a person would fix them). */
export function inspectCreditCode(
  value: string,
): { ok: true; facts: CreditCodeFacts } | { ok: false; problem: CreditCodeProblem } {
  if (!/^[0-9A-Z]{18}$/.test(value)) return { ok: false, problem: 'format' };
  if (/[IOZSV]/.test(value)) return { ok: false, problem: 'forbiddenLetter' };
  if (!/^\d{6}$/.test(value.slice(2, 8))) return { ok: false, problem: 'region' };
  if (creditCodeCheckCharacter(value.slice(0, 17)) !== value[17]) return { ok: false, problem: 'checkCharacter' };
  return {
    ok: true,
    facts: { registrationAuthority: value.slice(0, 1), organisationCategory: value.slice(0, 2), regionCode: value.slice(2, 8) },
  };
}
