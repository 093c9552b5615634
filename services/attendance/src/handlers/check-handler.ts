import { type checkInRoute, type checkOutRoute, httpHandler, requireEnv, RESOURCE_ENV, now } from '@peixun/shared';
import { sessionOwner } from '../app/access';
import { checkAttendance } from '../app/check-attendance';
import { decodePhoto } from '../app/photo';
import { faceEngine, logger, photoDependencies } from '../dependencies';

/** Check-in and check-out are one rule set; each is its own function so each scales and alarms alone. */
export function checkHandler(route: typeof checkInRoute | typeof checkOutRoute, kind: 'CHECK_IN' | 'CHECK_OUT') {
  return httpHandler(
    route,
    async ({ params, body, auth, assertAccess }) => {
      const deps = await photoDependencies();
      const passed = await checkAttendance(deps, await faceEngine(), {
        kind,
        sessionId: params.sessionId,
        photo: decodePhoto(body.photo),
        traineeId: body.traineeId,
        deviceId: body.deviceId,
        livenessId: body.livenessId,
        auth,
        now: now(),
        authorize: async (cls) => assertAccess(await sessionOwner(auth, deps.projection, cls), '只能为本机构班次或本人参加的课次考勤。'),
      });
      logger.info('check passed', { kind: passed.kind, sessionId: params.sessionId, traineeId: passed.traineeId });
      return { body: passed };
    },
    { logger, idempotencyTable: requireEnv(RESOURCE_ENV.table) },
  );
}
