import { addSiteRoute, httpHandler, requireEnv, RESOURCE_ENV } from '@peixun/shared';
import { enrollmentDependencies, logger } from '../dependencies';
import { assertMayManageInstitution, newTrainingSite } from '../institutions/registration';

export const handler = httpHandler(
  addSiteRoute,
  async ({ params, body, auth }) => {
    assertMayManageInstitution(params.institutionId, auth);
    const { institutions, reference } = await enrollmentDependencies();
    const site = newTrainingSite(body, (await reference.currentDivisions()).table);
    await institutions.addSite(params.institutionId, site);
    return { body: site };
  },
  { logger, idempotencyTable: requireEnv(RESOURCE_ENV.table) },
);
