import { type AuthContext, Forbidden, hasRole } from '@peixun/shared';
import { type ConsentWithdrawal, isSelf, type Trainee } from './trainee';

/**
 * Withdrawing the separate consent to face processing (PIPL Art. 15: as easy to withdraw as to
 * give). The person withdraws for themself; an administrator records a withdrawal the person made
 * another way (in writing, at the counter). Nobody else decides over someone's biometric data.
 */
export function assertMayWithdrawConsent(trainee: Trainee, auth: AuthContext): void {
  if (isSelf(trainee, auth) || hasRole(auth, 'admin')) return;
  throw new Forbidden('只有学员本人或系统管理员可以撤回人脸识别单独同意。', { traineeId: trainee.traineeId });
}

/** Who withdrew: the person when it is their own login, else the administrator acting for them. */
export function consentWithdrawal(trainee: Trainee, auth: AuthContext, at: Date): ConsentWithdrawal {
  return { at: at.toISOString(), by: { sub: auth.sub, role: isSelf(trainee, auth) ? 'trainee' : 'admin' } };
}

export function consentWithdrawnEventDetail(traineeId: string, withdrawal: ConsentWithdrawal) {
  return { traineeId, withdrawnAt: withdrawal.at, withdrawnBy: withdrawal.by };
}
