import { type checkInRoute, type checkOutRoute, httpHandler, now, requireEnv, RESOURCE_ENV } from '@peixun/shared';
import { checkAttendance } from '../app/check-attendance';
import { decodePhoto } from '../app/photo';
import { attendanceDependencies, faceEngine, logger } from '../dependencies';

/** Check-in and check-out are one rule set; each is its own function so each scales and alarms alone. */
export function checkHandler(route: typeof checkInRoute | typeof checkOutRoute, kind: 'CHECK_IN' | 'CHECK_OUT') {
  return httpHandler(
    route,
    async ({ params, body, auth }) => {
      const passed = await checkAttendance(await attendanceDependencies(), await faceEngine(), {
        kind,
        sessionId: params.sessionId,
        photo: decodePhoto(body.photo),
        traineeId: body.traineeId,
        deviceId: body.deviceId,
        auth,
        now: now(),
      });
      logger.info('check passed', { kind: passed.kind, sessionId: params.sessionId, traineeId: passed.traineeId });
      return { body: passed };
    },
    { logger, idempotencyTable: requireEnv(RESOURCE_ENV.table) },
  );
}
