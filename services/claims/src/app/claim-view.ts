import { assertAccess, type AuthContext, type ClaimView, getClaimRoute, type LineStatus } from '@peixun/shared';
import { type ClaimHeader, type ClaimLine, currentPayment, type Disclosure } from '../domain/model';
import { calendarNote } from '../domain/working-days';

const PAYMENT_STATUS: Record<'SETTLED' | 'FAILED' | 'RETURNED', LineStatus> = { SETTLED: 'PAID', FAILED: 'PAYMENT_FAILED', RETURNED: 'PAYMENT_RETURNED' };

/** A line's status: once payments reported on it, the outcome that stands. */
export function lineStatus(line: ClaimLine): LineStatus {
  const payment = currentPayment(line.payments ?? {});
  return payment === undefined ? line.status : PAYMENT_STATUS[payment.outcome];
}

export function claimView(header: ClaimHeader, lines: readonly ClaimLine[]): ClaimView {
  return {
    claimId: header.claimId,
    subsidyKind: header.subsidyKind,
    payee: header.payee,
    payeeName: header.payeeName,
    areaCode: header.areaCode,
    ...(header.institutionId === undefined ? {} : { institutionId: header.institutionId }),
    ...(header.classId === undefined ? {} : { classId: header.classId }),
    policyPeriod: header.policyPeriod,
    filedAt: header.filedAt,
    filedBy: header.filedBy,
    totalEligibleFen: header.totalEligibleFen,
    decisions: [...header.decisions],
    lines: [...lines]
      .sort((a, b) => a.lineId.localeCompare(b.lineId))
      .map((line) => {
        const payment = currentPayment(line.payments ?? {});
        return {
          lineId: line.lineId,
          ...(line.traineeId === undefined ? {} : { traineeId: line.traineeId }),
          holderName: line.holderName,
          idNumberMasked: line.idNumberMasked,
          occupationCode: line.occupationCode,
          occupationName: line.occupationName,
          level: line.level,
          ...(line.certificateNumber === undefined ? {} : { certificateNumber: line.certificateNumber }),
          amountFen: line.amountFen,
          status: lineStatus(line),
          refusals: [...line.refusals],
          warnings: [...line.warnings],
          ...(line.decision === undefined ? {} : { decision: line.decision }),
          ...(line.disclosure === undefined ? {} : { disclosure: disclosureView(line.disclosure) }),
          objections: line.objections.map(({ contactSealed: _contact, ...objection }) => objection),
          ...(payment === undefined
            ? {}
            : {
                payment: {
                  outcome: payment.outcome,
                  batchId: payment.batchId,
                  at: payment.at,
                  ...(payment.reasonCode === undefined ? {} : { reasonCode: payment.reasonCode }),
                  ...(payment.reason === undefined ? {} : { reason: payment.reason }),
                },
              }),
        };
      }),
  };
}

/** The period, the calendars it was counted on and, in Chinese, whether a year was counted Monday to Friday. */
function disclosureView({ from, until, calendar }: Disclosure) {
  const note = calendar === undefined ? undefined : calendarNote(calendar);
  return { from, until, ...(calendar === undefined ? {} : { calendar: calendar.map((entry) => ({ ...entry })) }), ...(note === undefined ? {} : { calendarNote: note }) };
}

/**
 * A trainee sees their own claims, a school its own, reviewers and finance those of their area,
 * admins all: the route's declared access, through the shared policy.
 */
export function assertMayRead(auth: AuthContext, header: ClaimHeader, ownTraineeId: string | undefined): void {
  const { payee } = header;
  const owner = {
    self: payee.kind === 'TRAINEE' && ownTraineeId !== undefined && payee.traineeId === ownTraineeId,
    institutionId: payee.kind === 'INSTITUTION' ? payee.institutionId : undefined,
    areaCode: header.areaCode,
  };
  assertAccess(getClaimRoute.access, auth, owner, '您无权查看该补贴申请。');
}
