import { type AuthContext, type LinkTraineeAccountBody, outboxItem, traineeAccountLinked } from '@peixun/shared';
import type { EnrollmentDependencies } from '../dependencies';
import type { Trainee } from '../domain/trainee';
import { accountLinkedEventDetail, decideClaim } from '../domain/trainee-account';

/**
 * A signed-in trainee claims the record a school registered for them: read the record the ID
 * number leads to, let the domain judge the claim, then link under DynamoDB conditions with
 * `Trainee.AccountLinked` in the same transaction. Returns the record as it now stands.
 */
export async function linkTraineeAccount(deps: EnrollmentDependencies, body: LinkTraineeAccountBody, auth: AuthContext, at: Date): Promise<Trainee> {
  const traineeId = await deps.trainees.findIdByIdNumber(body.idNumber);
  const { kind, trainee } = decideClaim(traineeId === undefined ? undefined : await deps.trainees.findById(traineeId), body, auth.sub);
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
