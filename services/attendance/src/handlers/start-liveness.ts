import { httpHandler, startLivenessRoute } from '@peixun/shared';
import { sessionOwner } from '../app/access';
import { startLiveness } from '../app/liveness';
import { attendanceDependencies, livenessCheck, logger } from '../dependencies';

/** Issues a liveness challenge for a check in this session (the check consumes the passed result). */
export const handler = httpHandler(
  startLivenessRoute,
  async ({ params, body, auth, assertAccess }) => {
    const deps = await attendanceDependencies();
    const challenge = await startLiveness(deps, await livenessCheck(), {
      sessionId: params.sessionId,
      deviceId: body.deviceId,
      auth,
      authorize: async (cls) => assertAccess(await sessionOwner(auth, deps.projection, cls), '只能为本机构班次或本人参加的课次做活体检测。'),
    });
    logger.info('liveness started', { sessionId: params.sessionId, mode: challenge.mode, action: challenge.action });
    return {
      body: {
        livenessId: challenge.challengeId,
        mode: challenge.mode,
        action: challenge.action,
        instruction: challenge.instruction,
        providerSessionId: challenge.providerSessionId,
        expiresAt: challenge.expiresAt,
      },
    };
  },
  { logger },
);
