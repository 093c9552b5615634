import { INSTITUTION_KIND_LABELS, INSTITUTION_RULES, licenceCovering } from '../../institutions/institution';
import { article } from '../../reference/articles';
import { defineRule, type Subject, type Violation } from '../../reference/rules';
import { siteUsable } from '../../institutions/sites';
import type { ClassRuleCheck } from '../prepared-class';

export const SITE_RULES = {
  notOwned: defineRule('SITE_NOT_OWNED_BY_INSTITUTION', article(23), '开班申请的培训场地须为本培训机构登记的场地'),
  officeUnknown: defineRule('APPROVING_OFFICE_UNKNOWN', article(9), '按“谁审批、谁监管、谁负责”，培训场地须位于可确定审批部门的县（市、区）'),
  capacity: defineRule('SITE_CAPACITY_TOO_SMALL', article(9), '培训场地须能容纳全班学员（审批部门实地核实场地条件）'),
  notEquipped: defineRule('SITE_NOT_EQUIPPED_FOR_OCCUPATION', article(7, 2), '培训机构须在当地具备相应职业（工种）的培训场地和设施设备'),
  notApproved: defineRule('SITE_NOT_APPROVED', article(9), '培训机构在登记地以外新增的培训场地，须经场地所在地人社部门审核通过后方可开班'),
  institutionMismatch: defineRule('APPLICATION_INSTITUTION_MISMATCH', article(30), '按“谁组织、谁负责”，开班申请须以实施培训的机构名义提交'),
} as const;

const earlier = (a: string, b: string): string => (a < b ? a : b);
const later = (a: string, b: string): string => (a > b ? a : b);

export const checkSite: ClassRuleCheck = ({ application, site, office, occupation }, { institution, divisions }) => {
  const siteSubject: Subject[] = [{ kind: 'site', id: application.siteId, ...(site ? { label: site.name } : {}) }];
  if (site === undefined) {
    return [SITE_RULES.notOwned.violation(`场地${application.siteId}不是“${institution.name}”登记的培训场地。`, siteSubject, 'siteId')];
  }
  const violations: Violation[] = [];
  if (!siteUsable(site)) {
    const state = site.review?.status === 'REJECTED' ? '未获批准' : '尚待审核';
    violations.push(SITE_RULES.notApproved.violation(`场地“${site.name}”${state}。`, siteSubject, 'siteId'));
  }
  if (office === undefined) {
    violations.push(SITE_RULES.officeUnknown.violation(`场地“${site.name}”的区划代码${site.areaCode}无法对应审批部门。`, siteSubject, 'siteId'));
  }
  const size = application.roster.length;
  if (size > site.capacity) {
    violations.push(SITE_RULES.capacity.violation(`场地“${site.name}”可容纳${site.capacity}人，花名册共${size}人。`, siteSubject, 'siteId'));
  }
  // Entrepreneurship is taught in ordinary classrooms; every other occupation needs its own equipment.
  const needsEquipment = occupation !== undefined && occupation.kind !== 'ENTREPRENEURSHIP';
  const codes = new Set([application.occupationCode, ...application.certificates.map((target) => target.occupationCode)]);
  const missing = [...codes].filter((code) => !site.occupationCodes.includes(code));
  if (needsEquipment && missing.length > 0) {
    const area = divisions.fullName(site.areaCode);
    violations.push(
      SITE_RULES.notEquipped.violation(`场地“${site.name}”（${area}）未登记${missing.join('、')}的设施设备。`, siteSubject, 'siteId'),
    );
  }
  return violations;
};

/** The institution must be lawful for the whole class, not only the day it applies (Art. 7(2)). */
export const checkInstitution: ClassRuleCheck = ({ application, firstDate, lastDate }, { institution }) => {
  const subject: Subject[] = [{ kind: 'institution', id: institution.institutionId, label: institution.name }];
  const violations: Violation[] = [];
  if (institution.status === 'SUSPENDED') {
    violations.push(INSTITUTION_RULES.suspended.violation(`“${institution.name}”目前处于暂停状态。`, subject, 'institutionId'));
  }
  // An apprenticeship runs for its whole period, which may begin before or end after the sessions.
  const from = earlier(application.apprenticeship?.startDate ?? firstDate, firstDate);
  const to = later(application.apprenticeship?.endDate ?? lastDate, lastDate);
  // Without sessions there is no training period to cover; TEACHING_PLAN_EMPTY says so already.
  if (firstDate !== '' && licenceCovering(institution, from, to) === undefined) {
    violations.push(
      INSTITUTION_RULES.licenceNotValid.violation(
        `${INSTITUTION_KIND_LABELS[institution.kind]}“${institution.name}”的资质证照未覆盖培训期间${from}至${to}。`,
        subject,
        'institutionId',
      ),
    );
  }
  if (application.institutionId !== institution.institutionId) {
    violations.push(
      SITE_RULES.institutionMismatch.violation(`申请中的机构编号${application.institutionId}与申请机构“${institution.name}”不一致。`, subject, 'institutionId'),
    );
  }
  return violations;
};
