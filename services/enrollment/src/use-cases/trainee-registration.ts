import {
  type AuthContext,
  type IdentityAnomaly,
  maskResidentId,
  newId,
  NotFound,
  outboxItem,
  type OutboxItem,
  type RegisterTraineeBody,
  traineeFrozen,
  traineeRegistered,
  traineeVerified,
  type VerifyTraineeBody,
} from '@peixun/shared';
import { IdNumberHolderChanged } from '../adapters/trainee-repository';
import type { EnrollmentDependencies } from '../dependencies';
import { type ClaimSubject, claimSubjects, TraineeRegistrationLockedOut } from '../domain/claim-attempts';
import { decideVerification, type IdNumberHolder, mayTakeOver, type Registrant, TraineeFrozen, TraineeIdentityNotVerified, type VerificationDecision } from '../domain/identity-verification';
import {
  registeredEventDetail,
  registerTrainee,
  registrantOf,
  registrantOfRecord,
  sameRegistrant,
  TraineeAccountAlreadyLinked,
  TraineeAlreadyRegistered,
  verificationOf,
  verifiedEventDetail,
  type Trainee,
} from '../domain/trainee';
import { countFailure } from './guess-limits';

/** Take-over attempts before the registration gives up with 409 (each lost race re-reads the holder). */
const MAX_TAKEOVER_ATTEMPTS = 3;

const photoBytes = (base64: string | undefined): Uint8Array | undefined => (base64 === undefined ? undefined : Buffer.from(base64, 'base64'));

/**
 * Registers a person under their real name (实名登记, Art. 27) after the provincial authority's
 * check (实名核验). A trainee login registering itself is limited against guessing: refused checks
 * and "already registered" answers count, per login, ID number and source, with the claim route.
 */
export async function registerTraineeUnderRealName(
  deps: EnrollmentDependencies,
  body: RegisterTraineeBody,
  auth: AuthContext,
  at: Date,
  sourceIp: string | undefined,
): Promise<Trainee> {
  const registrant = registrantOf(auth);
  const subjects = guessSubjects(deps, registrant, auth, body.idNumber, sourceIp);
  await assertNotLockedOut(deps, subjects, at);
  // The caller's own account first: answering this after the ID number would tell a linked login which numbers exist.
  if (registrant === 'self' && (await deps.trainees.findIdByAccount(auth.sub)) !== undefined) throw new TraineeAccountAlreadyLinked();
  const decision = await checkIdentity(deps, registrant, { idNumber: body.idNumber, name: body.name, facePhoto: photoBytes(body.facePhoto) }, subjects, at);
  const trainee = registerTrainee(body, auth, at, decision);
  try {
    await store(deps, trainee, at);
  } catch (error) {
    if (error instanceof TraineeAlreadyRegistered) await countFailure(deps, subjects, at, 'REGISTRATION');
    throw error;
  }
  return trainee;
}

/**
 * Checks an unverified record again: after the authority was unavailable, or with the face of a
 * person who registered themself. A verified record is answered as it stands; a frozen one is refused.
 */
export async function verifyTraineeAgain(
  deps: EnrollmentDependencies,
  trainee: Trainee,
  body: VerifyTraineeBody,
  auth: AuthContext,
  at: Date,
  sourceIp: string | undefined,
): Promise<Trainee> {
  if (trainee.verification.status === 'FROZEN') throw new TraineeFrozen(trainee.traineeId);
  if (trainee.verification.status === 'VERIFIED') return trainee;
  const subjects = guessSubjects(deps, registrantOf(auth), auth, trainee.idNumber, sourceIp);
  await assertNotLockedOut(deps, subjects, at);
  const decision = await checkIdentity(deps, registrantOfRecord(trainee), { idNumber: trainee.idNumber, name: trainee.name, facePhoto: photoBytes(body.facePhoto) }, subjects, at);
  if (decision.status === 'UNVERIFIED') return trainee;
  const verified: Trainee = { ...trainee, verification: verificationOf(decision, at) };
  if (await deps.trainees.markVerified(verified, verified.verification, [outboxItem(traineeVerified, verifiedEventDetail(verified), at)])) return verified;
  // Verified or frozen by a concurrent request meanwhile: answer what the table holds now.
  const current = await deps.trainees.findById(trainee.traineeId);
  if (current === undefined) throw new NotFound('学员', trainee.traineeId);
  if (current.verification.status === 'FROZEN') throw new TraineeFrozen(current.traineeId);
  return current;
}

/** Only self-registration is limited: staff act under their institution's name and are accountable for whom they register. */
function guessSubjects(deps: EnrollmentDependencies, registrant: Registrant, auth: AuthContext, idNumber: string, sourceIp: string | undefined): ClaimSubject[] {
  return registrant === 'self' ? claimSubjects(auth.sub, deps.trainees.idNumberFingerprint(idNumber), sourceIp) : [];
}

async function assertNotLockedOut(deps: EnrollmentDependencies, subjects: readonly ClaimSubject[], at: Date): Promise<void> {
  if (subjects.length === 0) return;
  const locked = await deps.claimAttempts.locked(subjects, at);
  if (locked.length > 0) throw new TraineeRegistrationLockedOut(locked.map((subject) => subject.scope));
}

async function checkIdentity(
  deps: EnrollmentDependencies,
  registrant: Registrant,
  check: Parameters<EnrollmentDependencies['identityVerifier']['verify']>[0],
  subjects: readonly ClaimSubject[],
  at: Date,
): Promise<VerificationDecision> {
  const verdict = await deps.identityVerifier.verify(check);
  try {
    return decideVerification(registrant, verdict);
  } catch (error) {
    if (error instanceof TraineeIdentityNotVerified) await countFailure(deps, subjects, at, 'REGISTRATION');
    throw error;
  }
}

/**
 * Writes the record under the ID number's sentinel. When the number is taken, a verified record
 * takes it over from an unverified holder (frozen, raised as an anomaly); a lost race re-reads the
 * holder, and a verified holder keeps the number (409).
 */
async function store(deps: EnrollmentDependencies, trainee: Trainee, at: Date): Promise<void> {
  const events = [
    outboxItem(traineeRegistered, registeredEventDetail(trainee), at),
    ...(trainee.verification.status === 'VERIFIED' ? [outboxItem(traineeVerified, verifiedEventDetail(trainee), at)] : []),
  ];
  for (let attempt = 0; attempt < MAX_TAKEOVER_ATTEMPTS; attempt += 1) {
    try {
      await deps.trainees.create(trainee, events);
      return;
    } catch (error) {
      if (!(error instanceof TraineeAlreadyRegistered)) throw error;
    }
    const holder = await deps.trainees.idNumberHolder(trainee.idNumber);
    if (holder === undefined) continue;
    if (!mayTakeOver(trainee.verification.status, holder)) throw new TraineeAlreadyRegistered();
    try {
      await takeOver(deps, trainee, holder, events, at);
      return;
    } catch (error) {
      if (!(error instanceof IdNumberHolderChanged)) throw error;
    }
  }
  throw new TraineeAlreadyRegistered();
}

async function takeOver(deps: EnrollmentDependencies, trainee: Trainee, holder: IdNumberHolder, events: readonly OutboxItem[], at: Date): Promise<void> {
  const squatter = await deps.trainees.findById(holder.traineeId);
  if (squatter === undefined) throw new IdNumberHolderChanged();
  if (sameRegistrant(squatter, trainee)) throw new TraineeAlreadyRegistered();
  const anomaly: IdentityAnomaly = {
    anomalyId: newId('anm', at.getTime()),
    kind: 'IDENTITY_TAKEN_OVER',
    areaCode: await anomalyArea(deps, trainee),
    frozenTraineeId: squatter.traineeId,
    verifiedTraineeId: trainee.traineeId,
    idNumberMasked: maskResidentId(trainee.idNumber),
    name: squatter.name,
    frozenRegisteredBy: squatter.registeredBy,
    detectedAt: at.toISOString(),
  };
  await deps.trainees.takeOver(trainee, holder, anomaly, [
    ...events,
    outboxItem(
      traineeFrozen,
      { traineeId: squatter.traineeId, frozenAt: anomaly.detectedAt, reason: 'IDENTITY_TAKEN_OVER', verifiedTraineeId: trainee.traineeId, anomalyId: anomaly.anomalyId, areaCode: anomaly.areaCode },
      at,
    ),
  ]);
}

/**
 * The office that looks into a take-over: the area of the institution that registered the verified
 * person, else the area the ID number was issued in (its first six digits, the 户籍地 at issue).
 */
async function anomalyArea(deps: EnrollmentDependencies, trainee: Trainee): Promise<string> {
  const institutionId = trainee.registeredBy.institutionId;
  const institutionArea = institutionId === undefined ? undefined : (await deps.institutions.find(institutionId))?.areaCode;
  return institutionArea ?? trainee.regionCode;
}
