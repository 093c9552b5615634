import { type AuthContext, NotFound, outboxItem, traineeFaceConsentWithdrawn } from '@peixun/shared';
import type { EnrollmentDependencies } from '../dependencies';
import { assertMayWithdrawConsent, consentWithdrawal, consentWithdrawnEventDetail } from '../domain/biometric-consent';
import type { Trainee } from '../domain/trainee';

/**
 * Withdraws a trainee's face consent and announces `Trainee.FaceConsentWithdrawn` in the same
 * transaction (attendance deletes the template on it). Withdrawing again, or twice at once, writes
 * and announces nothing: the table's condition keeps the first withdrawal, and the record is
 * answered as it stands.
 */
export async function withdrawBiometricConsent(deps: EnrollmentDependencies, traineeId: string, auth: AuthContext, at: Date): Promise<Trainee> {
  const trainee = await findTrainee(deps, traineeId);
  assertMayWithdrawConsent(trainee, auth);
  if (trainee.biometricConsent.withdrawn !== undefined) return trainee;
  const withdrawal = consentWithdrawal(trainee, auth, at);
  const written = await deps.trainees.withdrawBiometricConsent(traineeId, withdrawal, [
    outboxItem(traineeFaceConsentWithdrawn, consentWithdrawnEventDetail(traineeId, withdrawal), at),
  ]);
  if (written) return { ...trainee, biometricConsent: { ...trainee.biometricConsent, withdrawn: withdrawal } };
  return findTrainee(deps, traineeId);
}

async function findTrainee(deps: EnrollmentDependencies, traineeId: string): Promise<Trainee> {
  const trainee = await deps.trainees.findById(traineeId);
  if (trainee === undefined) throw new NotFound('学员', traineeId);
  return trainee;
}
