import { Forbidden, httpHandler, listAnomaliesRoute } from '@peixun/shared';
import { attendanceDependencies, logger } from '../dependencies';
import { areaPrefix } from '../domain/area';

/** Duplicate faces, proxy attempts, lock-outs and device floods in the reviewer's division, newest first. */
export const handler = httpHandler(
  listAnomaliesRoute,
  async ({ auth }) => {
    if (auth.areaCode === undefined) throw new Forbidden('您的账号未设置辖区。');
    const { anomalies } = await attendanceDependencies();
    return { body: { anomalies: await anomalies.listInArea(areaPrefix(auth.areaCode)) } };
  },
  { logger },
);
