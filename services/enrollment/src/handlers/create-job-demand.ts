import { createJobDemandRoute, Forbidden, httpHandler, newId, requireEnv, RESOURCE_ENV } from '@peixun/shared';
import { enrollmentDependencies, logger } from '../dependencies';

/** The office keeps its own job-demand list (岗位清单, Art. 4): entries belong to the reviewer's area. */
export const handler = httpHandler(
  createJobDemandRoute,
  async ({ body, auth }) => {
    if (auth.areaCode === undefined) throw new Forbidden('您的账号未关联人社部门区划。');
    const { projects } = await enrollmentDependencies();
    const demand = { ...body, jobDemandId: newId('jd'), areaCode: auth.areaCode };
    await projects.createJobDemand(demand);
    return { body: demand };
  },
  { logger, idempotencyTable: requireEnv(RESOURCE_ENV.table) },
);
