import { Forbidden, httpHandler, registerKioskRoute, requireEnv, RESOURCE_ENV } from '@peixun/shared';
import { attendanceDependencies, logger } from '../dependencies';

/** A registered kiosk serves a whole class at the door, so the per-device rate limit does not apply to it. */
export const handler = httpHandler(
  registerKioskRoute,
  async ({ params, body, auth }) => {
    if (auth.institutionId === undefined) throw new Forbidden('只有培训机构工作人员可以登记考勤一体机。');
    const { checks, projection } = await attendanceDependencies();
    if ((await projection.siteInstitution(body.siteId)) !== auth.institutionId) {
      throw new Forbidden('只能在本机构的培训场地登记考勤一体机。', { siteId: body.siteId, institutionId: auth.institutionId });
    }
    await checks.registerKiosk(params.deviceId, auth.institutionId, body.siteId, body.description);
    logger.info('kiosk registered', { deviceId: params.deviceId, institutionId: auth.institutionId });
    return { body: { deviceId: params.deviceId, institutionId: auth.institutionId } };
  },
  { logger, idempotencyTable: requireEnv(RESOURCE_ENV.table) },
);
