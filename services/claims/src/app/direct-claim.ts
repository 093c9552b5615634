import { type AuthContext, type ClaimView, type DirectClaimBody, DomainError, maskResidentId, newId, NotFound, now } from '@peixun/shared';
import type { DirectClaimFacts } from '../adapters/direct-claim-facts';
import type { Standard, TraineeFacts } from '../adapters/projections';
import type { ClaimsDependencies } from '../dependencies';
import { isWithinClaimPeriod, lastDayToClaim, shanghaiDate } from '../domain/claim-deadline';
import {
  certificateNotHolder,
  certificateNotVerified,
  claimAlreadySubsidised,
  claimChangedConcurrently,
  claimHigherLevelHeld,
  claimLimitReached,
  claimNoPolicyPeriod,
  claimNoSubsidyStandard,
  claimPastDeadline,
  claimRouteToSkillUpgrade,
  traineeFrozen,
} from '../domain/errors';
import type { CertificateRecord, ClaimHeader, ClaimLine } from '../domain/model';
import { type PolicyPeriod, policyPeriodOn } from '../domain/policy-periods';
import { claimView } from './claim-view';

const KIND = 'DIRECT_CERTIFICATE_SUBSIDY' as const;
export const DIRECT_LINE_ID = 'line_1';

/** The copies a claim was judged on were refused, or stale: judge it again on the items themselves. */
const JUDGE_ON_ITEMS = Symbol('judge on items');

/**
 * Art. 29, direct certificate subsidy to the person. The pure rules (holder, verified, routing of
 * insured employees, one-year deadline, policy period) are judged first; "once per person +
 * occupation + level", "no lower level after a higher one" and "at most N per period" are
 * conditions of the one transaction that files the claim, so racing requests cannot both pass.
 *
 * It is judged first on what one read finds, copies included (the trainee as the account link
 * copied it, the standard as this instance last read it), which the transaction then confirms.
 * Only an acceptance rests on copies: a refusal by the rules, or a copy the transaction finds
 * stale, sends the claim through again on the items themselves, so every refusal is what it was
 * before there were copies.
 */
export async function fileDirectClaim(deps: ClaimsDependencies, auth: AuthContext, body: DirectClaimBody): Promise<ClaimView> {
  const onCopies = await fileOn(deps, auth, body, await deps.directClaimFacts.read(body.certificateNumber, auth.sub, { copies: true }));
  if (onCopies !== JUDGE_ON_ITEMS) return onCopies;
  const onItems = await fileOn(deps, auth, body, await deps.directClaimFacts.read(body.certificateNumber, auth.sub, { copies: false }));
  // Facts read from their items are confirmed by no copy check: the transaction cannot answer FACTS_CHANGED for them.
  if (onItems === JUDGE_ON_ITEMS) throw claimChangedConcurrently();
  return onItems;
}

async function fileOn(deps: ClaimsDependencies, auth: AuthContext, body: DirectClaimBody, facts: DirectClaimFacts): Promise<ClaimView | typeof JUDGE_ON_ITEMS> {
  const copied = facts.unconfirmed.trainee || facts.unconfirmed.standard;
  let judged: Judged;
  try {
    judged = judge(deps, auth, body, facts);
  } catch (refusal) {
    // An unknown certificate number is told by its own item alone.
    if (copied && refusal instanceof DomainError && !(refusal instanceof NotFound)) return JUDGE_ON_ITEMS;
    throw refusal;
  }
  const { certificate, trainee, standard, header, line, period } = judged;
  const outcome = await deps.ledger.fileDirectClaim(
    header,
    line,
    {
      personFingerprint: certificate.personFingerprint,
      occupationCode: certificate.occupationCode,
      level: certificate.level,
      subsidyKind: KIND,
      policyPeriod: period.id,
      limit: period.limits[KIND],
    },
    {
      ...(facts.unconfirmed.trainee ? { trainee } : {}),
      ...(facts.unconfirmed.standard ? { standard: { occupationCode: certificate.occupationCode, level: certificate.level, subsidyFen: standard.subsidyFen } } : {}),
    },
  );
  switch (outcome) {
    case 'OK':
      return claimView(header, [line]);
    case 'FACTS_CHANGED':
      if (facts.unconfirmed.standard) deps.directClaimFacts.forgetStandard(certificate.occupationCode, certificate.level);
      return JUDGE_ON_ITEMS;
    case 'ALREADY_SUBSIDISED':
      throw claimAlreadySubsidised(certificate.occupationName, certificate.level);
    case 'LIMIT_REACHED':
      throw claimLimitReached(period.id, period.limits[KIND]);
    case 'HIGHER_LEVEL_HELD':
      throw claimHigherLevelHeld(certificate.occupationName);
    case 'CERTIFICATE_NOT_VERIFIED':
      throw certificateNotVerified();
    case 'TRAINEE_FROZEN':
      throw traineeFrozen();
    case 'CLAIM_EXISTS':
    case 'LINE_EXISTS':
      throw claimChangedConcurrently();
  }
}

interface Judged {
  readonly certificate: CertificateRecord;
  readonly trainee: TraineeFacts;
  readonly standard: Standard;
  readonly period: PolicyPeriod;
  readonly header: ClaimHeader;
  readonly line: ClaimLine;
}

/** The rules a read can judge, in the order their refusals are answered; the claim as it is filed when none refuses. */
function judge(deps: ClaimsDependencies, auth: AuthContext, body: DirectClaimBody, { certificate, trainee, standard }: DirectClaimFacts): Judged {
  const at = now();
  const today = shanghaiDate(at);
  if (certificate === undefined) throw new NotFound('证书', body.certificateNumber);
  const holder =
    trainee !== undefined &&
    trainee.name === certificate.holderName &&
    trainee.idNumberMasked === maskResidentId(body.idNumber) &&
    deps.cipher.fingerprint(body.idNumber) === certificate.personFingerprint;
  if (!holder || trainee === undefined) throw certificateNotHolder();
  if (trainee.frozenAt !== undefined) throw traineeFrozen();
  if (certificate.status !== 'VERIFIED') throw certificateNotVerified();
  if (body.insuredEmployee) throw claimRouteToSkillUpgrade();
  if (!isWithinClaimPeriod(certificate.issuedOn, today)) throw claimPastDeadline(certificate.issuedOn, lastDayToClaim(certificate.issuedOn));
  const period = policyPeriodOn(today);
  if (period === undefined) throw claimNoPolicyPeriod(today);
  if (standard === undefined || standard.subsidyFen === 0) throw claimNoSubsidyStandard(certificate.occupationName, certificate.level);

  const claimId = newId('clm', at.getTime());
  const payee = { kind: 'TRAINEE' as const, traineeId: trainee.traineeId };
  const header: ClaimHeader = {
    claimId,
    subsidyKind: KIND,
    payee,
    payeeName: trainee.name,
    areaCode: trainee.regionCode,
    policyPeriod: period.id,
    filedAt: at.toISOString(),
    filedBy: auth.username,
    building: false,
    // Its one line is eligible when filed (every refusal above throws): the total is its amount.
    totalEligibleFen: standard.subsidyFen,
    decisions: [],
  };
  const line: ClaimLine = {
    claimId,
    lineId: DIRECT_LINE_ID,
    subsidyKind: KIND,
    payee,
    payeeName: trainee.name,
    areaCode: trainee.regionCode,
    traineeId: trainee.traineeId,
    holderName: certificate.holderName,
    idNumberMasked: certificate.idNumberMasked,
    idNumberPublic: certificate.idNumberPublic,
    personFingerprint: certificate.personFingerprint,
    occupationCode: certificate.occupationCode,
    occupationName: certificate.occupationName,
    level: certificate.level,
    certificateNumber: certificate.certificateNumber,
    amountFen: standard.subsidyFen,
    status: 'IN_REVIEW',
    refusals: [],
    warnings: [],
    objections: [],
    payments: {},
  };
  return { certificate, trainee, standard, period, header, line };
}
