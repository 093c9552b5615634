import { httpHandler, now, requireEnv, RESOURCE_ENV, withdrawBiometricConsentRoute } from '@peixun/shared';
import { enrollmentDependencies, logger } from '../dependencies';
import { traineeView } from '../domain/trainee';
import { withdrawBiometricConsent } from '../use-cases/biometric-consent';

export const handler = httpHandler(
  withdrawBiometricConsentRoute,
  async ({ params, auth }) => {
    const trainee = await withdrawBiometricConsent(await enrollmentDependencies(), params.traineeId, auth, now());
    logger.info('biometric consent withdrawn', { traineeId: trainee.traineeId, by: trainee.biometricConsent.withdrawn?.by.role });
    return { body: traineeView(trainee, auth) };
  },
  { logger, idempotencyTable: requireEnv(RESOURCE_ENV.table) },
);
