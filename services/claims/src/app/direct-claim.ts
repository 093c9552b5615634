import { type AuthContext, type ClaimView, type DirectClaimBody, maskResidentId, newId, NotFound, now } from '@peixun/shared';
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
import type { ClaimHeader, ClaimLine } from '../domain/model';
import { policyPeriodOn } from '../domain/policy-periods';
import { claimView } from './claim-view';

const KIND = 'DIRECT_CERTIFICATE_SUBSIDY' as const;
export const DIRECT_LINE_ID = 'line_1';

/**
 * Art. 29, direct certificate subsidy to the person. The pure rules (holder, verified, routing of
 * insured employees, one-year deadline, policy period) are judged first; "once per person +
 * occupation + level", "no lower level after a higher one" and "at most N per period" are
 * conditions of the one transaction that files the claim, so racing requests cannot both pass.
 */
export async function fileDirectClaim(deps: ClaimsDependencies, auth: AuthContext, body: DirectClaimBody): Promise<ClaimView> {
  const at = now();
  const today = shanghaiDate(at);
  const { certificate, trainee, standard } = await deps.directClaimFacts.read(body.certificateNumber, auth.sub);
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
  const outcome = await deps.ledger.fileDirectClaim(header, line, {
    personFingerprint: certificate.personFingerprint,
    occupationCode: certificate.occupationCode,
    level: certificate.level,
    subsidyKind: KIND,
    policyPeriod: period.id,
    limit: period.limits[KIND],
  });
  switch (outcome) {
    case 'OK':
      return claimView(header, [line]);
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
