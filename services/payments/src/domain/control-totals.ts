import { createHash } from 'node:crypto';

/** What of a batch line the control totals cover: who gets how much for which claim, and into which account. */
export interface CanonicalLine {
  readonly paymentLineId: string;
  readonly paymentKey: string;
  readonly payeeRef: string;
  /** Keyed fingerprint of the account number: the hash covers the account without holding it. */
  readonly accountFingerprint: string;
  readonly amountFen: number;
}

/**
 * The batch's control totals (G2P Bridge's envelope): fixed when the batch is sealed, stated
 * again by the approver, written into the bank file and compared with the bank's answer. They
 * are always recomputed from the stored lines, never taken from a caller.
 */
export interface ControlTotals {
  readonly count: number;
  readonly sumFen: number;
  /** SHA-256 (hex) over the canonical lines in line-id order. */
  readonly hash: string;
}

const canonical = (line: CanonicalLine): string =>
  [line.paymentLineId, line.paymentKey, line.payeeRef, line.accountFingerprint, String(line.amountFen)].join('|');

export function controlTotalsOf(lines: readonly CanonicalLine[]): ControlTotals {
  const sorted = [...lines].sort((a, b) => (a.paymentLineId < b.paymentLineId ? -1 : a.paymentLineId > b.paymentLineId ? 1 : 0));
  const hash = createHash('sha256');
  let sumFen = 0;
  for (const line of sorted) {
    hash.update(`${canonical(line)}\n`);
    sumFen += line.amountFen;
  }
  return { count: sorted.length, sumFen, hash: hash.digest('hex') };
}

export const sameTotals = (a: ControlTotals, b: ControlTotals): boolean => a.count === b.count && a.sumFen === b.sumFen && a.hash === b.hash;
