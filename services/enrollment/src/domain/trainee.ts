import {
  DomainError,
  Forbidden,
  hasRole,
  inspectResidentId,
  maskMobileNumber,
  maskResidentId,
  newId,
  type AuthContext,
  type RegisterTraineeBody,
  type Sex,
  type TargetGroup,
  type TraineeView,
  type VerificationStatus,
} from '@peixun/shared';
import type { Registrant, VerificationDecision } from './identity-verification';

/** A real-name person. Personal numbers are held in clear only in memory; the repository seals them. */
export interface Trainee {
  traineeId: string;
  name: string;
  idNumber: string;
  sex: Sex;
  birthDate: string;
  regionCode: string;
  phone: string;
  targetGroups: TargetGroup[];
  biometricConsent: BiometricConsent;
  registeredAt: string;
  registeredBy: { sub: string; role: RegistrarRole; institutionId?: string };
  /** The trainee's own login, when they registered themself or claimed the record; links the account to the person. */
  accountSub?: string;
  /** When a login claimed a record a school had registered (absent for self-registration). */
  accountLinkedAt?: string;
  /** Real-name verification by the provincial authority (see `identity-verification.ts`). */
  verification: TraineeVerification;
}

export interface TraineeVerification {
  status: VerificationStatus;
  method?: 'ID_AND_NAME' | 'ID_NAME_AND_FACE';
  verifiedAt?: string;
  frozenAt?: string;
  /** The verified record that took the ID number over, for a frozen one. */
  frozenFor?: string;
}

/**
 * The person's separate consent to face processing (PIPL Art. 28–29), given at registration.
 * A withdrawal is recorded with who and when and is final: consent is given again only by a new,
 * explicit act of the person, which the system does not offer yet.
 */
export interface BiometricConsent {
  agreedAt: string;
  noticeVersion: string;
  withdrawn?: ConsentWithdrawal;
}

export interface ConsentWithdrawal {
  at: string;
  by: { sub: string; role: 'trainee' | 'admin' };
}

type RegistrarRole = 'trainee' | 'institution' | 'admin';

export class TraineeAlreadyRegistered extends DomainError {
  constructor() {
    super({
      code: 'TRAINEE_ALREADY_REGISTERED',
      status: 409,
      title: '学员已登记',
      detail: '该身份证号码已完成实名登记，同一人不能重复登记。如需修改信息，请联系培训机构或人社部门。',
    });
  }
}

export class TraineeAccountAlreadyLinked extends DomainError {
  constructor(detail = '当前账号已绑定一名学员，一个账号只能为本人实名登记一次。') {
    super({ code: 'TRAINEE_ACCOUNT_ALREADY_LINKED', status: 409, title: '账号已绑定学员', detail });
  }
}

/** Institution staff act for their own institution only; an account without one cannot register people. */
class InstitutionMissing extends Forbidden {
  constructor() {
    super('您的账号未关联培训机构，无法代为登记学员。');
  }
}

/**
 * Decides who registers: a trainee for themself (their account is linked to the person), or
 * institution staff / an administrator on the person's behalf. The ID number was already
 * validated by the contract; age and sex are derived from it, never typed twice.
 */
export function registerTrainee(body: RegisterTraineeBody, auth: AuthContext, now: Date, decision: VerificationDecision): Trainee {
  const facts = inspectResidentId(body.idNumber, now);
  if (!facts.ok) throw new Error('registerTrainee called with an unvalidated ID number');
  const role = registrarRole(auth);
  const trainee: Trainee = {
    traineeId: newId('trn', now.getTime()),
    name: body.name,
    idNumber: body.idNumber,
    sex: facts.facts.sex,
    birthDate: facts.facts.birthDate,
    regionCode: facts.facts.regionCode,
    phone: body.phone,
    targetGroups: [...new Set(body.targetGroups)],
    biometricConsent: { agreedAt: body.biometricConsent.agreedAt, noticeVersion: body.biometricConsent.noticeVersion },
    registeredAt: now.toISOString(),
    registeredBy: {
      sub: auth.sub,
      role,
      ...(role === 'institution' ? { institutionId: auth.institutionId } : {}),
    },
    verification: verificationOf(decision, now),
  };
  return role === 'trainee' ? { ...trainee, accountSub: auth.sub } : trainee;
}

export function verificationOf(decision: VerificationDecision, at: Date): TraineeVerification {
  return decision.status === 'VERIFIED' ? { status: 'VERIFIED', method: decision.method, verifiedAt: at.toISOString() } : { status: 'UNVERIFIED' };
}

/** A trainee login registers itself and must prove it is the person; staff vouch for whom they register. */
export const registrantOf = (auth: AuthContext): Registrant => (registrarRole(auth) === 'trainee' ? 'self' : 'staff');

/** The same for an existing record, by who registered it. */
export const registrantOfRecord = (trainee: Pick<Trainee, 'registeredBy'>): Registrant => (trainee.registeredBy.role === 'trainee' ? 'self' : 'staff');

function registrarRole(auth: AuthContext): RegistrarRole {
  // Staff roles win over a trainee role on the same account: staff register others, not themselves.
  if (hasRole(auth, 'admin')) return 'admin';
  if (hasRole(auth, 'institution')) {
    if (auth.institutionId === undefined) throw new InstitutionMissing();
    return 'institution';
  }
  return 'trainee';
}

/**
 * The same institution (or the same login) registering a person again while its first record waits
 * for verification is no squatting: it checks its own record again (`POST /trainees/{id}/verification`)
 * instead of freezing it.
 */
export function sameRegistrant(a: Pick<Trainee, 'registeredBy'>, b: Pick<Trainee, 'registeredBy'>): boolean {
  const institution = a.registeredBy.institutionId;
  return institution !== undefined ? institution === b.registeredBy.institutionId : a.registeredBy.sub === b.registeredBy.sub;
}

export const isSelf = (trainee: Trainee, auth: AuthContext): boolean =>
  trainee.accountSub !== undefined && trainee.accountSub === auth.sub;

/**
 * The trainee themself, administrators and the reviewers whose area holds the record
 * (`reviewerHolds`, see `use-cases/trainee-areas.ts`) may read a record; institution staff only
 * the people their institution registered.
 */
export function assertMayView(trainee: Trainee, auth: AuthContext, reviewerHolds: boolean): void {
  if (isSelf(trainee, auth) || reviewerHolds || hasRole(auth, 'admin')) return;
  if (
    hasRole(auth, 'institution') &&
    auth.institutionId !== undefined &&
    trainee.registeredBy.institutionId === auth.institutionId
  ) {
    return;
  }
  throw new Forbidden('您无权查看该学员的信息。', { traineeId: trainee.traineeId });
}

/**
 * Only the person and the reviewers of an area holding the record, who check authenticity
 * (Art. 9), see the full ID number and phone.
 */
export function traineeView(trainee: Trainee, auth: AuthContext, reviewerHolds = false): TraineeView {
  const clear = isSelf(trainee, auth) || reviewerHolds;
  return {
    traineeId: trainee.traineeId,
    name: trainee.name,
    idNumber: clear ? trainee.idNumber : maskResidentId(trainee.idNumber),
    idNumberMasked: !clear,
    sex: trainee.sex,
    birthDate: trainee.birthDate,
    phone: clear ? trainee.phone : maskMobileNumber(trainee.phone),
    targetGroups: trainee.targetGroups,
    biometricConsentAt: trainee.biometricConsent.agreedAt,
    ...consentView(trainee.biometricConsent),
    accountLinked: trainee.accountSub !== undefined,
    verificationStatus: trainee.verification.status,
    ...(trainee.verification.verifiedAt === undefined ? {} : { verifiedAt: trainee.verification.verifiedAt }),
    ...(trainee.verification.frozenAt === undefined ? {} : { frozenAt: trainee.verification.frozenAt }),
    registeredAt: trainee.registeredAt,
    registeredBy: trainee.registeredBy,
  };
}

function consentView(consent: BiometricConsent): Pick<TraineeView, 'biometricConsentStatus' | 'biometricConsentWithdrawnAt' | 'biometricConsentWithdrawnBy'> {
  if (consent.withdrawn === undefined) return { biometricConsentStatus: 'GIVEN' };
  return { biometricConsentStatus: 'WITHDRAWN', biometricConsentWithdrawnAt: consent.withdrawn.at, biometricConsentWithdrawnBy: consent.withdrawn.by };
}

/** What other services learn: facts derived from the ID number, never the number itself. */
export function registeredEventDetail(trainee: Trainee) {
  return {
    traineeId: trainee.traineeId,
    name: trainee.name,
    idNumberMasked: maskResidentId(trainee.idNumber),
    sex: trainee.sex,
    birthDate: trainee.birthDate,
    regionCode: trainee.regionCode,
    targetGroups: trainee.targetGroups,
    biometricConsentAt: trainee.biometricConsent.agreedAt,
    registeredAt: trainee.registeredAt,
    registeredBy: trainee.registeredBy,
    verificationStatus: trainee.verification.status === 'VERIFIED' ? ('VERIFIED' as const) : ('UNVERIFIED' as const),
  };
}

export function verifiedEventDetail(trainee: Trainee) {
  const { verifiedAt, method } = trainee.verification;
  if (verifiedAt === undefined || method === undefined) throw new Error('verifiedEventDetail called for an unverified record');
  return { traineeId: trainee.traineeId, verifiedAt, method };
}
