import * as z from 'zod';

/**
 * Resident identity number, GB 11643-1999: 6-digit region code, 8-digit birth date, 3-digit
 * sequence (odd = male) and an ISO 7064 MOD 11-2 check character, `X` standing for 10.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARACTERS = '10X98765432';

/** Province-level codes (GB/T 2260) that may open a resident ID number. */
const PROVINCE_CODES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
  '71', '81', '82',
]);

export type Sex = 'male' | 'female';

export interface ResidentIdFacts {
  regionCode: string;
  provinceCode: string;
  /** ISO date, e.g. `1949-12-31`. */
  birthDate: string;
  sex: Sex;
}

export type ResidentIdProblem =
  | 'RESIDENT_ID_FORMAT'
  | 'RESIDENT_ID_LOWERCASE_X'
  | 'RESIDENT_ID_REGION'
  | 'RESIDENT_ID_BIRTH_DATE'
  | 'RESIDENT_ID_CHECK_DIGIT';

export const RESIDENT_ID_MESSAGES: Record<ResidentIdProblem, string> = {
  RESIDENT_ID_FORMAT: '身份证号码应为18位，前17位为数字，最后一位为数字或大写字母X。',
  RESIDENT_ID_LOWERCASE_X: '身份证号码最后一位的字母应为大写X。',
  RESIDENT_ID_REGION: '身份证号码的前两位不是有效的省级行政区划代码。',
  RESIDENT_ID_BIRTH_DATE: '身份证号码中的出生日期无效。',
  RESIDENT_ID_CHECK_DIGIT: '身份证号码校验位不正确，请核对后重新输入。',
};

export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARACTERS[sum % 11] ?? '';
}

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Returns the facts the number encodes, or the first rule it breaks. */
export function inspectResidentId(
  value: string,
  today: Date = new Date(),
): { ok: true; facts: ResidentIdFacts } | { ok: false; problem: ResidentIdProblem } {
  if (/^\d{17}x$/.test(value)) return { ok: false, problem: 'RESIDENT_ID_LOWERCASE_X' };
  if (!/^\d{17}[\dX]$/.test(value)) return { ok: false, problem: 'RESIDENT_ID_FORMAT' };
  const provinceCode = value.slice(0, 2);
  if (!PROVINCE_CODES.has(provinceCode)) return { ok: false, problem: 'RESIDENT_ID_REGION' };
  const year = Number(value.slice(6, 10));
  const month = Number(value.slice(10, 12));
  const day = Number(value.slice(12, 14));
  const birthDate = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  if (year < 1900 || !isRealDate(year, month, day) || birthDate > today.toISOString().slice(0, 10)) {
    return { ok: false, problem: 'RESIDENT_ID_BIRTH_DATE' };
  }
  if (checkCharacter(value.slice(0, 17)) !== value[17]) return { ok: false, problem: 'RESIDENT_ID_CHECK_DIGIT' };
  return {
    ok: true,
    facts: {
      regionCode: value.slice(0, 6),
      provinceCode,
      birthDate,
      sex: Number(value[16]) % 2 === 1 ? 'male' : 'female',
    },
  };
}

/** Whole years of age on `onDate` (a date of the training calendar, `YYYY-MM-DD`). */
export function ageOn(birthDate: string, onDate: string): number {
  const years = Number(onDate.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return onDate.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/** `522***********123X`: region prefix and last four stay, so staff can tell people apart. */
export function maskResidentId(value: string): string {
  return `${value.slice(0, 3)}${'*'.repeat(value.length - 7)}${value.slice(-4)}`;
}

// The rule is 18 characters (checked below, naming the problem); the bound only keeps garbage out of the store.
export const residentIdSchema = z.string().max(64).superRefine((value, ctx) => {
  const result = inspectResidentId(value);
  if (!result.ok) {
    ctx.addIssue({ code: 'custom', message: RESIDENT_ID_MESSAGES[result.problem], params: { code: result.problem } });
  }
});
