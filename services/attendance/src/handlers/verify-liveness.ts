import { httpHandler, verifyLivenessRoute } from '@peixun/shared';
import { verifyLiveness } from '../app/liveness';
import { decodePhoto } from '../app/photo';
import { attendanceDependencies, livenessCheck, logger } from '../dependencies';

/**
 * Judges a liveness challenge once. Only who it was issued to may answer it (anyone else gets the
 * same 409 as for an unknown challenge); the answer is pass/fail and a reason, never a score.
 */
export const handler = httpHandler(
  verifyLivenessRoute,
  async ({ params, body, auth }) => {
    const deps = await attendanceDependencies();
    const result = await verifyLiveness(deps, await livenessCheck(), {
      livenessId: params.livenessId,
      deviceId: body.deviceId,
      frames: body.frames.map(decodePhoto),
      auth,
    });
    logger.info('liveness judged', { livenessId: params.livenessId, passed: result.passed, failure: result.failure });
    return { body: { livenessId: result.challengeId, passed: result.passed, failure: result.failure, message: result.message } };
  },
  { logger },
);
