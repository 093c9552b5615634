import { addSiteRoute, httpHandler, NotFound, now, outboxItem, requireEnv, RESOURCE_ENV, trainingSiteAdded } from '@peixun/shared';
import { enrollmentDependencies, logger } from '../dependencies';
import { assertMayManageInstitution, newTrainingSite } from '../institutions/registration';
import { initialReview } from '../institutions/site-review';
import { shanghaiTimestamp } from '../reference/calendar';

export const handler = httpHandler(
  addSiteRoute,
  async ({ params, body, auth }) => {
    assertMayManageInstitution(params.institutionId, auth);
    const { institutions, reference } = await enrollmentDependencies();
    const institution = await institutions.find(params.institutionId);
    if (institution === undefined) throw new NotFound('培训机构', params.institutionId);
    const site = newTrainingSite(body, (await reference.currentDivisions()).table);
    const review = initialReview(site, institution.areaCode, auth, shanghaiTimestamp(now()));
    const added = review === undefined ? site : { ...site, review };
    const announced = outboxItem(trainingSiteAdded, {
      institutionId: params.institutionId,
      site: { siteId: site.siteId, name: site.name, areaCode: site.areaCode },
      addedAt: shanghaiTimestamp(now()),
      addedBy: auth.sub,
    });
    await institutions.addSite(params.institutionId, added, [announced]);
    return { body: added };
  },
  { logger, idempotencyTable: requireEnv(RESOURCE_ENV.table) },
);
