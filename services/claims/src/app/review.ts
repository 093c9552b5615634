import { accessAllows, type AuthContext, type ClaimView, type DecideClaimBody, decideClaimRoute, NotFound, now } from '@peixun/shared';
import type { ClaimsDependencies } from '../dependencies';
import { shanghaiDate } from '../domain/claim-deadline';
import { claimHigherLevelHeld, claimLineUnknown, claimNotInReview, claimOutsideArea } from '../domain/errors';
import { claimView } from './claim-view';
import { disclosureFrom } from './working-calendar';

/**
 * A reviewer of the approving area decides the lines in review (all, or those named): approval
 * puts a line on the public list for the disclosure period, rejection and return give back what
 * the line took. Each line is decided by its own conditions (the lines share transactions, each
 * answered as if alone: `transactGroups`), so a line is never approved twice and a higher
 * certificate recorded meanwhile blocks approval; the decision log on the claim records who
 * decided what and when.
 */
export async function decideClaim(deps: ClaimsDependencies, auth: AuthContext, claimId: string, body: DecideClaimBody): Promise<ClaimView> {
  const at = now();
  const claim = await deps.ledger.claim(claimId);
  if (claim === undefined) throw new NotFound('补贴申请', claimId);
  if (!accessAllows(decideClaimRoute.access, auth, { areaCode: claim.header.areaCode })) throw claimOutsideArea();
  const chosen =
    body.lineIds === undefined
      ? claim.lines.filter((line) => line.status === 'IN_REVIEW')
      : body.lineIds.map((lineId) => {
          const line = claim.lines.find((candidate) => candidate.lineId === lineId);
          if (line === undefined) throw claimLineUnknown(lineId);
          return line;
        });
  const notInReview = chosen.filter((line) => line.status !== 'IN_REVIEW').map((line) => line.lineId);
  if (chosen.length === 0 || notInReview.length > 0) throw claimNotInReview(notInReview.length > 0 ? notInReview : (body.lineIds ?? []));

  const decision = { decision: body.decision, reasons: body.reasons, by: auth.username, at: at.toISOString() };
  const disclosure = body.decision === 'APPROVE' ? await disclosureFrom(deps, shanghaiDate(at)) : undefined;
  // All chosen lines at once: they share transactions, each line still decided by its own conditions.
  const outcomes =
    disclosure !== undefined
      ? await deps.ledger.approveLines(chosen, decision, disclosure)
      : await deps.ledger.closeLines(chosen, claim.header.policyPeriod, body.decision === 'REJECT' ? 'REJECTED' : 'RETURNED', decision, ['IN_REVIEW']);
  const decided: string[] = [];
  const refused: { lineId: string; outcome: 'NOT_IN_REVIEW' | 'HIGHER_LEVEL_HELD' }[] = [];
  chosen.forEach((line, index) => {
    const outcome = outcomes[index] ?? 'NOT_IN_REVIEW';
    if (outcome === 'OK') decided.push(line.lineId);
    else refused.push({ lineId: line.lineId, outcome });
  });
  if (decided.length > 0) await deps.ledger.appendDecision(claimId, { ...decision, lineIds: decided.sort() });
  const blocked = refused.find((entry) => entry.outcome === 'HIGHER_LEVEL_HELD');
  const first = chosen[0];
  if (blocked !== undefined && first !== undefined) throw claimHigherLevelHeld(first.occupationName);
  if (refused.length > 0) throw claimNotInReview(refused.map((entry) => entry.lineId));
  const after = await deps.ledger.claim(claimId);
  if (after === undefined) throw new NotFound('补贴申请', claimId);
  return claimView(after.header, after.lines);
}
