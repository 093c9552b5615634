/** The statistics `bench:face` reports the embedded engine's error rates with. */
import { describe, expect, it } from 'vitest';
import { clopperPearsonUpper, ratesAt, type ScoredPair } from '../../bench/face-pairs';

describe('Clopper–Pearson upper bound (one-sided 95 %)', () => {
  it('with no error it is 1 − 0.05^(1/n), the "rule of three" (≈ 3/n)', () => {
    for (const n of [100, 560, 44_962]) {
      expect(clopperPearsonUpper(0, n)).toBeCloseTo(1 - 0.05 ** (1 / n), 8);
      expect(clopperPearsonUpper(0, n) * n).toBeGreaterThan(2.9);
      expect(clopperPearsonUpper(0, n) * n).toBeLessThan(3.0);
    }
  });

  it('matches the tabulated exact bounds for a few errors', () => {
    // Poisson limits for k = 1, 4 at 95 % one-sided: 4.744 and 9.154 (the binomial bound for large n).
    expect(clopperPearsonUpper(1, 100_000) * 100_000).toBeCloseTo(4.744, 1);
    expect(clopperPearsonUpper(4, 100_000) * 100_000).toBeCloseTo(9.154, 1);
    // Small n, exact binomial: 1 error in 10 → 0.3942.
    expect(clopperPearsonUpper(1, 10)).toBeCloseTo(0.3942, 3);
  });

  it('is 1 with nothing measured or everything wrong', () => {
    expect(clopperPearsonUpper(0, 0)).toBe(1);
    expect(clopperPearsonUpper(5, 5)).toBe(1);
  });
});

describe('error rates at a threshold', () => {
  const pair = (people: string, genuine: boolean, similarity: number): ScoredPair => ({ a: 'a', b: 'b', people, genuine, similarity });

  it('an impostor at the threshold is accepted, a genuine pair below it refused; a pair of people counts once', () => {
    const pairs = [pair('x ~ y', false, 56), pair('x ~ y', false, 60), pair('x ~ z', false, 55), pair('x', true, 55), pair('x', true, 56)];
    expect(ratesAt(pairs, 56)).toEqual({
      falseAccepts: 2,
      impostorPairs: 3,
      falseRejects: 1,
      genuinePairs: 2,
      peopleFalselyAccepted: 1,
      peoplePairs: 2,
    });
  });
});
