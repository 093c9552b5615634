import { type AuthContext, hasRole, type OutboxItem, outboxItem, trainingSiteAdded } from '@peixun/shared';
import { ACTOR_RULES, ActionRefused } from '../classes/actors';
import { WORKFLOW_RULES } from '../classes/workflow';
import { article } from '../reference/articles';
import type { DivisionTable } from '../reference/divisions';
import { defineRule } from '../reference/rules';
import type { TrainingSite } from './sites';

/**
 * A school opening a site outside the county it is registered in (Art. 7(2): a college from
 * elsewhere must have a site here) is inspected by the office of that county before a class may
 * use it (Art. 9 "谁审批、谁监管"): the site waits as PENDING until a reviewer of its area decides.
 * Sites in the institution's own county, and sites an administrator enters, need no review.
 */
export const SITE_REVIEW_RULES = {
  notPending: defineRule('SITE_REVIEW_NOT_PENDING', article(9), '培训场地只能审核一次，且只审核待审核的场地'),
} as const;

export type SiteReviewDecision = 'APPROVE' | 'REJECT';

/** What a new site starts as: PENDING when school staff add it outside their county. */
export function initialReview(site: Pick<TrainingSite, 'areaCode'>, institutionAreaCode: string, auth: AuthContext, at: string): TrainingSite['review'] {
  if (hasRole(auth, 'admin') || site.areaCode === institutionAreaCode) return undefined;
  return { status: 'PENDING', requestedAt: at, requestedBy: auth.sub };
}

export function decideSite(site: TrainingSite, decision: SiteReviewDecision, reasons: readonly string[], auth: AuthContext, divisions: DivisionTable, at: string): TrainingSite {
  const subject = [{ kind: 'site' as const, id: site.siteId, label: site.name }];
  if (!hasRole(auth, 'reviewer') || auth.areaCode === undefined || !divisions.contains(auth.areaCode, site.areaCode)) {
    throw new ActionRefused(ACTOR_RULES.outsideArea, 403, `场地“${site.name}”位于${divisions.fullName(site.areaCode)}，由当地人社部门审核。`, subject);
  }
  if (site.review?.status !== 'PENDING') {
    throw new ActionRefused(SITE_REVIEW_RULES.notPending, 409, `场地“${site.name}”${site.review === undefined ? '无需审核' : '已审核'}。`, subject);
  }
  if (decision === 'REJECT' && reasons.length === 0) {
    throw new ActionRefused(WORKFLOW_RULES.reasonsRequired, 422, `不批准场地“${site.name}”须写明理由。`, subject);
  }
  return {
    ...site,
    review: { ...site.review, status: decision === 'APPROVE' ? 'APPROVED' : 'REJECTED', decidedAt: at, decidedBy: auth.sub, reasons: [...reasons] },
  };
}

/** `TrainingSite.Added`: the site may be used (kiosks, check-ins) from now on. */
export function siteAddedEvent(institutionId: string, site: Pick<TrainingSite, 'siteId' | 'name' | 'areaCode'>, by: string, at: string): OutboxItem {
  return outboxItem(trainingSiteAdded, { institutionId, site: { siteId: site.siteId, name: site.name, areaCode: site.areaCode }, addedAt: at, addedBy: by });
}
