import { checkOutRoute, httpHandler, requireEnv, RESOURCE_ENV } from '@peixun/shared';
import { checkAttendance } from '../app/check-attendance';
import { decodePhoto } from '../app/photo';
import { attendanceDependencies, faceEngine, logger } from '../dependencies';

export const handler = httpHandler(
  checkOutRoute,
  async ({ params, body, auth }) => {
    const passed = await checkAttendance(await attendanceDependencies(), await faceEngine(), {
      kind: 'CHECK_OUT',
      sessionId: params.sessionId,
      photo: decodePhoto(body.photo),
      traineeId: body.traineeId,
      deviceId: body.deviceId,
      auth,
      now: new Date(),
    });
    logger.info('check passed', { kind: passed.kind, sessionId: params.sessionId, traineeId: passed.traineeId });
    return { body: passed };
  },
  { logger, idempotencyTable: requireEnv(RESOURCE_ENV.table) },
);
