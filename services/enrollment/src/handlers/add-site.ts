import { addSiteRoute, httpHandler, NotFound, now, requireEnv, RESOURCE_ENV } from '@peixun/shared';
import { enrollmentDependencies, logger } from '../dependencies';
import { assertMayManageInstitution, newTrainingSite } from '../institutions/registration';
import { initialReview, siteAddedEvent } from '../institutions/site-review';
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
    // A site waiting for the local office's inspection is not usable yet: other services learn of it
    // (kiosks, check-ins) only once it is approved (review-site.ts announces it then).
    const announced = review === undefined ? [siteAddedEvent(params.institutionId, site, auth.sub, shanghaiTimestamp(now()))] : [];
    await institutions.addSite(params.institutionId, added, announced);
    return { body: added };
  },
  { logger, idempotencyTable: requireEnv(RESOURCE_ENV.table) },
);
