import { httpHandler, NotFound, now, requireEnv, RESOURCE_ENV, reviewSiteRoute } from '@peixun/shared';
import { ActionRefused } from '../classes/actors';
import { enrollmentDependencies, logger } from '../dependencies';
import { decideSite, SITE_REVIEW_RULES, siteAddedEvent } from '../institutions/site-review';
import { shanghaiTimestamp } from '../reference/calendar';

export const handler = httpHandler(
  reviewSiteRoute,
  async ({ params, body, auth }) => {
    const { institutions, reference } = await enrollmentDependencies();
    const [institution, divisions] = await Promise.all([institutions.find(params.institutionId), reference.currentDivisions()]);
    const site = institution?.sites.find((candidate) => candidate.siteId === params.siteId);
    if (site === undefined) throw new NotFound('培训场地', params.siteId);
    const at = shanghaiTimestamp(now());
    const decided = decideSite(site, body.decision, body.reasons, auth, divisions.table, at);
    // Approved, the site is announced with the decision (a pending site was not: add-site.ts).
    const announced = decided.review?.status === 'APPROVED' ? [siteAddedEvent(params.institutionId, decided, auth.sub, at)] : [];
    if (!(await institutions.saveSiteDecision(params.institutionId, decided, announced))) {
      throw new ActionRefused(SITE_REVIEW_RULES.notPending, 409, `场地“${site.name}”已由他人审核。`, [{ kind: 'site', id: site.siteId, label: site.name }]);
    }
    logger.info('site reviewed', { institutionId: params.institutionId, siteId: site.siteId, decision: body.decision });
    return { body: decided };
  },
  { logger, idempotencyTable: requireEnv(RESOURCE_ENV.table) },
);
