import type { ClaimsDependencies } from '../dependencies';
import { PAYMENT_OUTCOME_RANK, type PaymentOutcome } from '../domain/model';

/**
 * Payments reports each payment line's outcome at least once and in any order; the ledger keeps
 * each report only if it ranks above the one it has, so the claim shows the outcome that stands.
 * A report for a line claims does not know is a bug upstream and fails loudly (dead-letter queue).
 */
export async function recordPaymentOutcome(deps: ClaimsDependencies, claimId: string, lineId: string, outcome: PaymentOutcome): Promise<void> {
  const line = await deps.ledger.line(claimId, lineId);
  if (line === undefined) throw new Error(`Payment outcome for unknown claim line ${claimId}/${lineId}`);
  await deps.ledger.recordPayment(claimId, lineId, { ...outcome, rank: PAYMENT_OUTCOME_RANK[outcome.outcome] });
}
