import * as z from 'zod';
import { article } from '../reference/articles';
import { isoDateSchema } from '../reference/calendar';
import { areaCodeSchema, type DivisionTable } from '../reference/divisions';
import { defineRule, type Violation } from '../reference/rules';
import { CREDIT_CODE_RULES, inspectCreditCode } from './credit-code';
import { trainingSiteSchema } from './sites';

/** Art. 7(2), 11, 16: who may train under government subsidy. */
export const INSTITUTION_KINDS = ['PRIVATE_TRAINING_SCHOOL', 'VOCATIONAL_COLLEGE', 'TECHNICAL_SCHOOL', 'ENTERPRISE'] as const;
export type InstitutionKind = (typeof INSTITUTION_KINDS)[number];
export const INSTITUTION_KIND_LABELS: Record<InstitutionKind, string> = {
  PRIVATE_TRAINING_SCHOOL: '民办职业培训学校',
  VOCATIONAL_COLLEGE: '职业院校',
  TECHNICAL_SCHOOL: '技工院校',
  ENTERPRISE: '企业',
};

export const LICENCE_KINDS = ['SCHOOL_OPERATING_PERMIT', 'PUBLIC_INSTITUTION_CERTIFICATE', 'BUSINESS_LICENCE'] as const;
export type LicenceKind = (typeof LICENCE_KINDS)[number];
export const LICENCE_KIND_LABELS: Record<LicenceKind, string> = {
  SCHOOL_OPERATING_PERMIT: '办学许可证',
  PUBLIC_INSTITUTION_CERTIFICATE: '事业单位法人证书',
  BUSINESS_LICENCE: '营业执照',
};

/**
 * Art. 7(2) "法定资质": the documents that make each kind a lawful trainer. A private school
 * needs an operating permit; a public college its public-institution certificate (a private
 * college its permit); an enterprise its business licence.
 */
export const ACCEPTED_LICENCES: Record<InstitutionKind, readonly LicenceKind[]> = {
  PRIVATE_TRAINING_SCHOOL: ['SCHOOL_OPERATING_PERMIT'],
  VOCATIONAL_COLLEGE: ['PUBLIC_INSTITUTION_CERTIFICATE', 'SCHOOL_OPERATING_PERMIT'],
  TECHNICAL_SCHOOL: ['PUBLIC_INSTITUTION_CERTIFICATE', 'SCHOOL_OPERATING_PERMIT'],
  ENTERPRISE: ['BUSINESS_LICENCE'],
};

export const licenceSchema = z
  .object({
    kind: z.enum(LICENCE_KINDS),
    number: z.string().trim().min(1).max(64),
    issuedBy: z.string().trim().min(1).max(100),
    validFrom: isoDateSchema,
    /** Absent for licences issued without a term (长期). */
    validUntil: isoDateSchema.optional(),
  })
  .refine((licence) => licence.validUntil === undefined || licence.validUntil >= licence.validFrom, {
    message: '证照有效期截止日期不得早于起始日期。',
    path: ['validUntil'],
  });
export type Licence = z.infer<typeof licenceSchema>;

export const institutionSchema = z.object({
  institutionId: z.string().min(1),
  name: z.string().trim().min(2).max(100),
  kind: z.enum(INSTITUTION_KINDS),
  creditCode: z.string().trim(),
  /** Where it is registered; a college from elsewhere may still train here with a local site (Art. 7(2)). */
  areaCode: areaCodeSchema,
  licences: z.array(licenceSchema),
  sites: z.array(trainingSiteSchema),
  /** Suspended after Art. 26/32 findings (fake training, subcontracting). */
  status: z.enum(['ACTIVE', 'SUSPENDED']),
});
export type Institution = z.infer<typeof institutionSchema>;

export const INSTITUTION_RULES = {
  licenceMissing: defineRule('INSTITUTION_LICENCE_MISSING', article(7, 2), '培训机构应具备法定资质'),
  licenceNotValid: defineRule('INSTITUTION_LICENCE_NOT_VALID', article(7, 2), '培训机构的法定资质须在培训期间持续有效'),
  suspended: defineRule('INSTITUTION_SUSPENDED', article(26), '存在虚假培训、转包分包等问题被暂停的培训机构不得开班'),
  unknownArea: defineRule('INSTITUTION_AREA_UNKNOWN', article(9), '培训机构及培训场地须位于已登记的行政区划内，以确定审批和监管部门'),
} as const;

/** Licences of an accepted kind that cover every day from `from` to `to`. */
export function licenceCovering(institution: Institution, from: string, to: string): Licence | undefined {
  const accepted = ACCEPTED_LICENCES[institution.kind];
  return institution.licences.find(
    (licence) =>
      accepted.includes(licence.kind) && licence.validFrom <= from && (licence.validUntil === undefined || licence.validUntil >= to),
  );
}

export function licenceValidOn(institution: Institution, date: string): boolean {
  return licenceCovering(institution, date, date) !== undefined;
}

/**
 * Checks a registration as a whole and returns every problem, so the school fixes the form once.
 * `today` is a calendar date in Asia/Shanghai.
 */
export function validateInstitutionRegistration(institution: Institution, divisions: DivisionTable, today: string): Violation[] {
  const violations: Violation[] = [];
  const subject = { kind: 'institution' as const, id: institution.institutionId, label: institution.name };
  const code = inspectCreditCode(institution.creditCode);
  if (!code.ok) {
    violations.push(
      CREDIT_CODE_RULES[code.problem].violation(`${institution.name}填报的代码“${institution.creditCode}”不符合要求。`, [subject], 'creditCode'),
    );
  }
  const kindLabel = INSTITUTION_KIND_LABELS[institution.kind];
  const accepted = ACCEPTED_LICENCES[institution.kind].map((kind) => LICENCE_KIND_LABELS[kind]).join('或');
  if (!institution.licences.some((licence) => ACCEPTED_LICENCES[institution.kind].includes(licence.kind))) {
    violations.push(INSTITUTION_RULES.licenceMissing.violation(`${kindLabel}“${institution.name}”须提交${accepted}。`, [subject], 'licences'));
  } else if (!licenceValidOn(institution, today)) {
    violations.push(INSTITUTION_RULES.licenceNotValid.violation(`“${institution.name}”的${accepted}在${today}不在有效期内。`, [subject], 'licences'));
  }
  if (divisions.find(institution.areaCode) === undefined) {
    violations.push(INSTITUTION_RULES.unknownArea.violation(`行政区划代码${institution.areaCode}不在区划表中。`, [subject], 'areaCode'));
  }
  institution.sites.forEach((site, index) => {
    if (divisions.find(site.areaCode)?.level !== 'COUNTY') {
      violations.push(
        INSTITUTION_RULES.unknownArea.violation(
          `培训场地“${site.name}”的区划代码${site.areaCode}不是已登记的县（市、区）。`,
          [{ kind: 'site', id: site.siteId, label: site.name }],
          `sites[${index}].areaCode`,
        ),
      );
    }
  });
  return violations;
}
