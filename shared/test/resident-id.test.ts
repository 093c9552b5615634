import { describe, expect, it } from 'vitest';
import { ageOn, checkCharacter, inspectResidentId, maskResidentId, residentIdSchema } from '../src/validation/resident-id';

const TODAY = new Date('2026-11-26T00:00:00+08:00');

/** A valid number for a region, birth date and sequence, with its check character computed. */
function residentId(region: string, birth: string, sequence: string): string {
  const first17 = `${region}${birth}${sequence}`;
  return first17 + checkCharacter(first17);
}

/** Deterministic pseudo-random source so a failing case can be replayed. */
function* randomIds(count: number, seed = 20261126): Generator<string> {
  let state = seed;
  const next = (n: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
  const regions = ['520102', '110105', '440305', '520201', '650102'];
  for (let i = 0; i < count; i += 1) {
    const year = 1940 + next(80);
    const month = 1 + next(12);
    const day = 1 + next(28);
    const birth = `${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
    yield residentId(regions[next(regions.length)] ?? '520102', birth, String(next(1000)).padStart(3, '0'));
  }
}

describe('GB 11643 resident ID number', () => {
  it('accepts the reference vector 11010519491231002X and derives birth date and sex', () => {
    const result = inspectResidentId('11010519491231002X', TODAY);
    expect(result).toEqual({
      ok: true,
      facts: { regionCode: '110105', provinceCode: '11', birthDate: '1949-12-31', sex: 'female' },
    });
  });

  it('derives sex from the parity of the 17th digit (odd = male)', () => {
    const male = inspectResidentId(residentId('520102', '19900101', '123'), TODAY);
    const female = inspectResidentId(residentId('520102', '19900101', '124'), TODAY);
    expect(male.ok && male.facts.sex).toBe('male');
    expect(female.ok && female.facts.sex).toBe('female');
  });

  it('accepts 500 generated valid numbers', () => {
    for (const id of randomIds(500)) expect(inspectResidentId(id, TODAY), id).toMatchObject({ ok: true });
  });

  it('rejects every single-digit change of a valid number (MOD 11-2 detects them all)', () => {
    for (const id of randomIds(40, 7)) {
      for (let position = 14; position < 17; position += 1) {
        const digit = Number(id[position]);
        const changed = `${id.slice(0, position)}${(digit + 1) % 10}${id.slice(position + 1)}`;
        expect(inspectResidentId(changed, TODAY), changed).toEqual({ ok: false, problem: 'RESIDENT_ID_CHECK_DIGIT' });
      }
    }
  });

  it('rejects a lower-case x with its own code', () => {
    expect(inspectResidentId('11010519491231002x', TODAY)).toEqual({ ok: false, problem: 'RESIDENT_ID_LOWERCASE_X' });
  });

  it.each([
    ['February 30th', residentId('520102', '19900230', '001')],
    ['February 29th of a non-leap year', residentId('520102', '19000229', '001')],
    ['month 13', residentId('520102', '19901301', '001')],
    ['a birth date in the future', residentId('520102', '20301201', '001')],
    ['a year before 1900', residentId('520102', '18991231', '001')],
  ])('rejects %s as a bad birth date', (_name, id) => {
    expect(inspectResidentId(id, TODAY)).toEqual({ ok: false, problem: 'RESIDENT_ID_BIRTH_DATE' });
  });

  it('accepts February 29th of a leap year', () => {
    expect(inspectResidentId(residentId('520102', '20000229', '001'), TODAY)).toMatchObject({ ok: true });
  });

  it('rejects a province code that does not exist', () => {
    expect(inspectResidentId(residentId('990102', '19900101', '001'), TODAY)).toEqual({
      ok: false,
      problem: 'RESIDENT_ID_REGION',
    });
  });

  it.each(['', '11010519491231002', '11010519491231002XX', '1101051949123100AX', ' 11010519491231002X'])(
    'rejects the malformed value "%s"',
    (value) => {
      expect(inspectResidentId(value, TODAY)).toEqual({ ok: false, problem: 'RESIDENT_ID_FORMAT' });
    },
  );

  it('reports the problem code and a Chinese message through the zod schema', () => {
    const result = residentIdSchema.safeParse('110105194912310021');
    expect(result.success).toBe(false);
    const issue = result.error?.issues[0];
    expect(issue?.message).toContain('校验位');
    expect(issue && 'params' in issue ? issue.params : undefined).toEqual({ code: 'RESIDENT_ID_CHECK_DIGIT' });
  });

  it('masks all but the region prefix and the last four characters', () => {
    expect(maskResidentId('52210219900101123X')).toBe('522***********123X');
  });

  it('computes whole years of age on a training date', () => {
    expect(ageOn('2010-11-27', '2026-11-26')).toBe(15);
    expect(ageOn('2010-11-26', '2026-11-26')).toBe(16);
  });
});
