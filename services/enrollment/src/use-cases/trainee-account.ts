import { type AuthContext, type LinkTraineeAccountBody, outboxItem, traineeAccountLinked } from '@peixun/shared';
import type { EnrollmentDependencies } from '../dependencies';
import type { Trainee } from '../domain/trainee';
import { claimSubjects, TraineeClaimLockedOut } from '../domain/claim-attempts';
import { accountLinkedEventDetail, type ClaimDecision, decideClaim, TraineeIdentityNotMatched } from '../domain/trainee-account';
import { countFailure } from './guess-limits';

/**
 * A signed-in trainee claims the record a school registered for them: read the record the ID
 * number leads to, let the domain judge the claim, then link under DynamoDB conditions with
 * `Trainee.AccountLinked` in the same transaction. Returns the record as it now stands.
 */
export async function linkTraineeAccount(
  deps: EnrollmentDependencies,
  body: LinkTraineeAccountBody,
  auth: AuthContext,
  at: Date,
  sourceIp: string | undefined,
): Promise<Trainee> {
  const subjects = claimSubjects(auth.sub, deps.trainees.idNumberFingerprint(body.idNumber), sourceIp);
  const locked = await deps.claimAttempts.locked(subjects, at);
  if (locked.length > 0) throw new TraineeClaimLockedOut(locked.map((subject) => subject.scope));
  const traineeId = await deps.trainees.findIdByIdNumber(body.idNumber);
  const found = traineeId === undefined ? undefined : await deps.trainees.findById(traineeId);
  let decision: ClaimDecision;
  try {
    decision = decideClaim(found, body, auth.sub);
  } catch (error) {
    if (error instanceof TraineeIdentityNotMatched) await countFailure(deps, subjects, at, 'CLAIM');
    throw error;
  }
  const { kind, trainee } = decision;
  if (kind === 'already-linked-to-caller') return trainee;
  const linkedAt = at.toISOString();
  try {
    await deps.trainees.linkAccount(trainee.traineeId, auth.sub, linkedAt, [
      outboxItem(traineeAccountLinked, accountLinkedEventDetail(trainee, auth.sub, linkedAt), at),
    ]);
  } catch (error) {
    // The same claim sent twice at once: the loser finds the record linked to this very login.
    const current = await deps.trainees.findById(trainee.traineeId);
    if (current?.accountSub === auth.sub) return current;
    throw error;
  }
  return { ...trainee, accountSub: auth.sub, accountLinkedAt: linkedAt };
}
