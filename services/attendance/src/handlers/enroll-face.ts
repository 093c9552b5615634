import { enrollFaceRoute, httpHandler, requireEnv, RESOURCE_ENV, now } from '@peixun/shared';
import { enrollFace } from '../app/enroll-face';
import { decodePhoto } from '../app/photo';
import { faceEngine, logger, photoDependencies } from '../dependencies';

export const handler = httpHandler(
  enrollFaceRoute,
  async ({ params, body, auth }) => {
    const result = await enrollFace(await photoDependencies(), await faceEngine(), {
      traineeId: params.traineeId,
      photo: decodePhoto(body.photo),
      auth,
      now: now(),
    });
    logger.info('face enrolled', { traineeId: result.traineeId, status: result.status });
    return { body: result };
  },
  { logger, idempotencyTable: requireEnv(RESOURCE_ENV.table) },
);
