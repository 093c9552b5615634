import { accessAllows, type AuthContext, type ClaimView, claimReadyForPayment, maskName, newId, NotFound, now, outboxItem, resolveObjectionRoute } from '@peixun/shared';
import type { ClaimsDependencies } from '../dependencies';
import { shanghaiDate } from '../domain/claim-deadline';
import { claimOutsideArea, disclosureClosed, objectionNotOpen, objectionRateLimited } from '../domain/errors';
import type { ClaimLine } from '../domain/model';
import { claimView } from './claim-view';
import { calendarNote } from '../domain/working-days';
import { recountDisclosures } from './working-calendar';

/** The public list (公示): lines on disclosure now, personal data masked. */
export async function publicList(deps: ClaimsDependencies) {
  const today = shanghaiDate(now());
  const lines = await deps.ledger.disclosed();
  return {
    entries: lines
      .filter((line) => line.disclosure !== undefined && line.disclosure.from <= today && today <= line.disclosure.until)
      .map((line) => ({
        claimId: line.claimId,
        lineId: line.lineId,
        subsidyKind: line.subsidyKind,
        name: maskName(line.holderName),
        idNumber: line.idNumberPublic,
        occupationName: line.occupationName,
        level: line.level,
        amountFen: line.amountFen,
        ...(line.institutionName === undefined ? {} : { institutionName: line.institutionName }),
        from: line.disclosure?.from ?? today,
        until: line.disclosure?.until ?? today,
        ...noteOf(line),
      })),
  };
}

/** The list says so when a year of the period was counted Monday to Friday (its calendar not published yet). */
function noteOf(line: ClaimLine): { calendarNote?: string } {
  const note = calendarNote(line.disclosure?.calendar ?? []);
  return note === undefined ? {} : { calendarNote: note };
}

/**
 * Anyone may object while a line is on the list; limited per source and hour; the contact is sealed.
 * Every attempt counts against the source, found or not, and a line that never was on the public
 * list answers like a missing one: the route tells strangers nothing about claims they cannot see.
 */
export async function fileObjection(deps: ClaimsDependencies, source: string, claimId: string, lineId: string, body: { reason: string; contact: string }) {
  const at = now();
  if (!(await deps.rateLimiter.take(`objection#${source}`, at, deps.config.objectionsPerHour))) throw objectionRateLimited();
  const line = await deps.ledger.line(claimId, lineId);
  if (line === undefined || line.disclosure === undefined) throw new NotFound('公示明细', `${claimId}/${lineId}`);
  const objectionId = newId('obj', at.getTime());
  const today = shanghaiDate(at);
  const open = line.disclosure !== undefined && line.disclosure.from <= today;
  if (!open || !(await deps.ledger.addObjection(line, { objectionId, reason: body.reason, contactSealed: deps.cipher.encrypt(body.contact), status: 'OPEN', filedAt: at.toISOString() }, today))) {
    throw disclosureClosed();
  }
  return { objectionId, status: 'OPEN' as const };
}

export async function resolveObjection(
  deps: ClaimsDependencies,
  auth: AuthContext,
  ids: { claimId: string; lineId: string; objectionId: string },
  body: { outcome: 'UPHELD' | 'DISMISSED'; reason: string },
): Promise<ClaimView> {
  const at = now();
  const claim = await deps.ledger.claim(ids.claimId);
  if (claim === undefined) throw new NotFound('异议', ids.objectionId);
  // The claim's area first: whether a line or an objection exists is the area's business only.
  if (!accessAllows(resolveObjectionRoute.access, auth, { areaCode: claim.header.areaCode })) throw claimOutsideArea();
  const line = claim.lines.find((candidate) => candidate.lineId === ids.lineId);
  const index = line?.objections.findIndex((objection) => objection.objectionId === ids.objectionId) ?? -1;
  if (line === undefined || index < 0) throw new NotFound('异议', ids.objectionId);
  const resolved =
    body.outcome === 'DISMISSED'
      ? await deps.ledger.dismissObjection(line, index, body.reason)
      : await deps.ledger.upholdObjection(line, claim.header.policyPeriod, index, body.reason, {
          decision: 'REJECT',
          reasons: [`公示异议成立：${body.reason}`],
          by: auth.username,
          at: at.toISOString(),
        });
  if (!resolved) throw objectionNotOpen();
  const after = await deps.ledger.claim(ids.claimId);
  if (after === undefined) throw new NotFound('补贴申请', ids.claimId);
  return claimView(after.header, after.lines);
}

function readyEvent(line: ClaimLine, at: Date) {
  const paymentKey = line.subsidyKind === 'DIRECT_CERTIFICATE_SUBSIDY' ? line.claimId : `${line.claimId}:${line.lineId}`;
  return outboxItem(
    claimReadyForPayment,
    {
      paymentKey,
      claimId: line.claimId,
      lineId: line.lineId,
      subsidyKind: line.subsidyKind,
      payee: line.payee,
      payeeName: line.payeeName,
      amountFen: line.amountFen,
      areaCode: line.areaCode,
      occupationCode: line.occupationCode,
      occupationName: line.occupationName,
      level: line.level,
      certificateNumber: line.certificateNumber ?? '',
      ...(line.institutionId === undefined ? {} : { institutionId: line.institutionId }),
      readyAt: at.toISOString(),
    },
    at,
  );
}

/**
 * Runs on a schedule: lines whose disclosure period ended with no open objection become ready
 * for payment, with `Claim.ReadyForPayment` in the same transaction (after recounting periods whose
 * working calendar was published since they were counted). Lines held by an objection
 * wait for its resolution; a run repeated or overlapping another finds them no longer on the list.
 */
export async function closeDisclosures(deps: ClaimsDependencies): Promise<{ ready: number; held: number; recounted: number }> {
  const at = now();
  // First the periods counted on calendars replaced since (a year published meanwhile), so none closes on a stale end date.
  const recounted = await recountDisclosures(deps, at);
  const ended = await deps.ledger.disclosureEndedBefore(shanghaiDate(at));
  let ready = 0;
  let held = 0;
  for (const line of ended) {
    if (line.status !== 'IN_DISCLOSURE') {
      held += 1;
      continue;
    }
    if (await deps.ledger.markReadyForPayment(line, readyEvent(line, at))) ready += 1;
  }
  return { ready, held, recounted };
}
