import { type AuthContext, DomainError, Forbidden, hasRole, newId, type RegisterInstitutionBody } from '@peixun/shared';
import { shanghaiDate, shanghaiTimestamp } from '../reference/calendar';
import type { DivisionTable } from '../reference/divisions';
import { RulesViolated } from '../reference/rules';
import { type Institution, INSTITUTION_RULES, validateInstitutionRegistration } from './institution';
import type { TrainingSite } from './sites';

/** An institution as the registry keeps it: the domain record plus when and by whom it was entered. */
export interface RegisteredInstitution extends Institution {
  readonly registeredAt: string;
  readonly registeredBy: string;
}

export class InstitutionRegistrationInvalid extends RulesViolated {
  constructor(violations: ConstructorParameters<typeof RulesViolated>[2]) {
    super('INSTITUTION_REGISTRATION_INVALID', '培训机构登记信息不符合要求', violations);
  }
}

export class InstitutionAlreadyRegistered extends DomainError {
  constructor(reason: 'creditCode' | 'institutionId') {
    super({
      code: 'INSTITUTION_ALREADY_REGISTERED',
      status: 409,
      title: '培训机构已登记',
      detail: reason === 'creditCode' ? '该统一社会信用代码已登记过培训机构。' : '该机构编号已被使用。',
    });
  }
}

type SiteInput = Omit<TrainingSite, 'siteId'>;

const withSiteId = (site: SiteInput): TrainingSite => ({ ...site, siteId: newId('site') });

/** Admin registration (Art. 7(2) "法定资质"): every problem at once, or the record to store. */
export function registerInstitution(body: RegisterInstitutionBody, auth: AuthContext, now: Date, divisions: DivisionTable): RegisteredInstitution {
  const institution: Institution = {
    institutionId: body.institutionId ?? newId('ins', now.getTime()),
    name: body.name,
    kind: body.kind,
    creditCode: body.creditCode,
    areaCode: body.areaCode,
    licences: body.licences,
    sites: body.sites.map(withSiteId),
    status: 'ACTIVE',
  };
  const violations = validateInstitutionRegistration(institution, divisions, shanghaiDate(now));
  if (violations.length > 0) throw new InstitutionRegistrationInvalid(violations);
  return { ...institution, registeredAt: shanghaiTimestamp(now), registeredBy: auth.sub };
}

/** A new site must lie in a registered county: the county's office approves classes held there (Art. 9). */
export function newTrainingSite(body: SiteInput, divisions: DivisionTable): TrainingSite {
  if (divisions.find(body.areaCode)?.level !== 'COUNTY') {
    const violation = INSTITUTION_RULES.unknownArea.violation(`培训场地“${body.name}”的区划代码${body.areaCode}不是已登记的县（市、区）。`, [], 'areaCode');
    throw new InstitutionRegistrationInvalid([violation]);
  }
  return withSiteId(body);
}

/** Staff act only for their own institution; administrators for any. */
export function assertMayManageInstitution(institutionId: string, auth: AuthContext): void {
  if (hasRole(auth, 'admin')) return;
  if (hasRole(auth, 'institution') && auth.institutionId === institutionId) return;
  throw new Forbidden('培训机构工作人员只能办理本机构的事务。');
}

/** Reviewers see the institutions registered or training in their office's area ("谁审批、谁监管"). */
export function assertMayViewInstitution(institution: Institution, auth: AuthContext, divisions: DivisionTable): void {
  if (hasRole(auth, 'admin')) return;
  if (hasRole(auth, 'institution') && auth.institutionId === institution.institutionId) return;
  const area = auth.areaCode;
  if (hasRole(auth, 'reviewer') && area !== undefined) {
    const places = [institution.areaCode, ...institution.sites.map((site) => site.areaCode)];
    if (places.some((code) => divisions.contains(area, code))) return;
  }
  throw new Forbidden('您只能查看本机构或本辖区内的培训机构。');
}
