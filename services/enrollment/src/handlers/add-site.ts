import { addSiteRoute, httpHandler, now, outboxItem, requireEnv, RESOURCE_ENV, trainingSiteAdded } from '@peixun/shared';
import { enrollmentDependencies, logger } from '../dependencies';
import { assertMayManageInstitution, newTrainingSite } from '../institutions/registration';
import { shanghaiTimestamp } from '../reference/calendar';

export const handler = httpHandler(
  addSiteRoute,
  async ({ params, body, auth }) => {
    assertMayManageInstitution(params.institutionId, auth);
    const { institutions, reference } = await enrollmentDependencies();
    const site = newTrainingSite(body, (await reference.currentDivisions()).table);
    const added = outboxItem(trainingSiteAdded, {
      institutionId: params.institutionId,
      site: { siteId: site.siteId, name: site.name, areaCode: site.areaCode },
      addedAt: shanghaiTimestamp(now()),
      addedBy: auth.sub,
    });
    await institutions.addSite(params.institutionId, site, [added]);
    return { body: site };
  },
  { logger, idempotencyTable: requireEnv(RESOURCE_ENV.table) },
);
