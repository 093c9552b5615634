/** Trainee.FaceConsentWithdrawn: the trainee's face templates and reference photos are deleted; manual attendance remains. */
import { eventHandler, on, requireEnv, RESOURCE_ENV, traineeFaceConsentWithdrawn } from '@peixun/shared';
import { withdrawFaceConsent } from '../app/withdraw-face-consent';
import { faceEngine, logger, photoDependencies } from '../dependencies';

export const handler = eventHandler(
  [
    on(traineeFaceConsentWithdrawn, async ({ detail }) => {
      const result = await withdrawFaceConsent(await photoDependencies(), await faceEngine(), { traineeId: detail.traineeId, withdrawnAt: detail.withdrawnAt });
      logger.info('face consent withdrawn: templates deleted', { traineeId: detail.traineeId, ...result });
    }),
  ],
  // Deduplicated by event id; the steps are idempotent as well, so a retry after a partial failure completes them.
  { logger, idempotency: { table: requireEnv(RESOURCE_ENV.table), consumer: 'attendance-face-consent' } },
);
