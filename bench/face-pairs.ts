/**
 * Pair statistics for `bench/face-accuracy.ts`: which pairs of the calibration set count as
 * genuine or impostor, error rates at a threshold, and a confidence bound on them.
 */

/** Scores of two analysed images and whether they show the same person. */
export interface ScoredPair {
  readonly a: string;
  readonly b: string;
  /** Identities sorted, so one pair of people has one key. */
  readonly people: string;
  readonly genuine: boolean;
  readonly similarity: number;
}

/**
 * One-sided upper confidence bound (Clopper–Pearson) of a rate with `errors` out of `trials`:
 * the largest p for which seeing `errors` or fewer still has probability `alpha`. With no errors
 * it is 1 − alpha^(1/n), about 3/n at 95 % (the "rule of three").
 */
export function clopperPearsonUpper(errors: number, trials: number, alpha = 0.05): number {
  if (trials === 0) return 1;
  if (errors >= trials) return 1;
  let low = errors / trials;
  let high = 1;
  for (let step = 0; step < 60; step++) {
    const mid = (low + high) / 2;
    if (binomialCdf(errors, trials, mid) > alpha) low = mid;
    else high = mid;
  }
  return high;
}

function binomialCdf(k: number, n: number, p: number): number {
  // Terms in log space: n is tens of thousands of pairs.
  const logP = Math.log(p);
  const logQ = Math.log1p(-p);
  let logChoose = 0;
  let sum = 0;
  for (let i = 0; i <= k; i++) {
    if (i > 0) logChoose += Math.log(n - i + 1) - Math.log(i);
    sum += Math.exp(logChoose + i * logP + (n - i) * logQ);
  }
  return Math.min(1, sum);
}

export interface Rates {
  readonly falseAccepts: number;
  readonly impostorPairs: number;
  readonly falseRejects: number;
  readonly genuinePairs: number;
  /** People pairs with at least one image pair accepted (the worst framing of the two decides). */
  readonly peopleFalselyAccepted: number;
  readonly peoplePairs: number;
}

/** Errors at `threshold`: an impostor at or above it is accepted, a genuine pair below it refused. */
export function ratesAt(pairs: readonly ScoredPair[], threshold: number): Rates {
  const impostors = pairs.filter((pair) => !pair.genuine);
  const genuine = pairs.filter((pair) => pair.genuine);
  const people = new Map<string, boolean>();
  for (const pair of impostors) people.set(pair.people, (people.get(pair.people) ?? false) || pair.similarity >= threshold);
  return {
    falseAccepts: impostors.filter((pair) => pair.similarity >= threshold).length,
    impostorPairs: impostors.length,
    falseRejects: genuine.filter((pair) => pair.similarity < threshold).length,
    genuinePairs: genuine.length,
    peopleFalselyAccepted: [...people.values()].filter(Boolean).length,
    peoplePairs: people.size,
  };
}
