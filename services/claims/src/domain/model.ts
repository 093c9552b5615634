import type { CertificateLevel, LineStatus, Payee, RuleFinding, SubsidyKind } from '@peixun/shared';
import type { CalendarBasis } from './working-days';

/** A certificate as the registry keeps it; the ID number only sealed and as its fingerprint. */
export interface CertificateRecord {
  readonly certificateNumber: string;
  readonly personFingerprint: string;
  readonly idNumberSealed: string;
  /** `522***********123X`, as enrollment masks it: how a roster member is matched to a certificate. */
  readonly idNumberMasked: string;
  /** First 6 and last 4 characters: what the public disclosure list shows. */
  readonly idNumberPublic: string;
  readonly holderName: string;
  readonly traineeId?: string;
  readonly occupationCode: string;
  readonly occupationName: string;
  readonly level: CertificateLevel;
  readonly issuedOn: string;
  readonly issuingBody?: string;
  readonly source: 'EVALUATION' | 'SELF_DECLARED';
  readonly status: 'VERIFIED' | 'PENDING_VERIFICATION' | 'REFUSED';
  readonly recordedAt: string;
  readonly recordedBy: string;
  readonly scanReference?: string;
  readonly verification?: { decision: 'VERIFY' | 'REFUSE'; reason: string; by: string; at: string };
}

/**
 * The office a certificate belongs to: that of the holder's region, the county of the resident ID
 * (its first six digits, kept in the public form), the same office a direct claim on it goes to.
 * Reviewers read and verify the certificates of their area only.
 */
export const certificateAreaCode = (record: Pick<CertificateRecord, 'idNumberPublic'>): string => record.idNumberPublic.slice(0, 6);

/** What "one subsidy per person + occupation + level" and the per-period counter are keyed by. */
export interface SubsidyKeys {
  readonly personFingerprint: string;
  readonly occupationCode: string;
  readonly level: CertificateLevel;
  readonly subsidyKind: SubsidyKind;
  readonly policyPeriod: string;
  readonly limit: number;
}

export interface PaymentOutcome {
  readonly outcome: 'SETTLED' | 'FAILED' | 'RETURNED';
  readonly batchId: string;
  readonly paymentLineId: string;
  readonly reasonCode?: string;
  readonly reason?: string;
  readonly at: string;
}

export interface Objection {
  readonly objectionId: string;
  readonly reason: string;
  readonly contactSealed: string;
  readonly status: 'OPEN' | 'UPHELD' | 'DISMISSED';
  readonly filedAt: string;
  readonly resolution?: string;
}

export interface ClaimLine {
  readonly claimId: string;
  readonly lineId: string;
  readonly subsidyKind: SubsidyKind;
  readonly payee: Payee;
  readonly payeeName: string;
  readonly areaCode: string;
  readonly institutionId?: string;
  readonly institutionName?: string;
  readonly traineeId?: string;
  readonly holderName: string;
  readonly idNumberMasked: string;
  readonly idNumberPublic: string;
  readonly personFingerprint?: string;
  readonly occupationCode: string;
  readonly occupationName: string;
  readonly level: CertificateLevel;
  readonly certificateNumber?: string;
  readonly amountFen: number;
  readonly status: LineStatus;
  readonly refusals: readonly RuleFinding[];
  readonly warnings: readonly RuleFinding[];
  readonly decision?: { decision: 'APPROVE' | 'REJECT' | 'RETURN'; reasons: string[]; by: string; at: string };
  readonly disclosure?: Disclosure;
  readonly objections: readonly Objection[];
  /** Every outcome payments reported, by payment line: events may come twice and out of order. */
  readonly payments: Readonly<Record<string, PaymentOutcome & { rank: number }>>;
}

export interface ClaimHeader {
  readonly claimId: string;
  readonly subsidyKind: SubsidyKind;
  readonly payee: Payee;
  readonly payeeName: string;
  readonly areaCode: string;
  readonly institutionId?: string;
  readonly classId?: string;
  readonly policyPeriod: string;
  readonly filedAt: string;
  readonly filedBy: string;
  readonly building: boolean;
  readonly totalEligibleFen: number;
  readonly decisions: ReadonlyArray<{ decision: 'APPROVE' | 'REJECT' | 'RETURN'; reasons: string[]; by: string; at: string; lineIds: string[] }>;
}

/** Later outcomes of the same payment line win (settled after failed, returned after settled). */
export const PAYMENT_OUTCOME_RANK = { FAILED: 1, SETTLED: 2, RETURNED: 3 } as const;

/** The outcome that stands: the latest payment line's highest-ranked report. */
export function currentPayment(payments: ClaimLine['payments']): (PaymentOutcome & { rank: number }) | undefined {
  return Object.values(payments).sort((a, b) => (a.at === b.at ? a.rank - b.rank : a.at < b.at ? -1 : 1)).at(-1);
}

/**
 * A line's public disclosure: its days and the calendars they were counted on. `basisKey` names
 * those calendars in one string, the condition under which a recount may replace the period.
 * Lines approved before calendars were recorded have neither.
 */
export interface Disclosure {
  readonly from: string;
  readonly until: string;
  /** Working days it lasts, as configured when it was approved (a recount keeps them). */
  readonly days?: number;
  readonly calendar?: readonly CalendarBasis[];
  readonly basisKey?: string;
}
