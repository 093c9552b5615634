import { RulesViolated, type Violation } from '../reference/rules';
import type { ClassApplication } from './class-application';
import { type ClassRuleCheck, prepareClass } from './prepared-class';
import { checkApprenticeship } from './rules/apprenticeship-rules';
import { checkCatalogue, checkCertificates, checkTraineeCertificates } from './rules/certificate-rules';
import { checkDocuments, checkMaterials, checkRecordingWaiver } from './rules/documentation-rules';
import { checkCertificateHours, checkEntrepreneurshipHours, checkShortCourse } from './rules/hours-rules';
import { checkJobDemand, checkProject } from './rules/linkage-rules';
import { checkClassSize, checkRosterEntries } from './rules/roster-rules';
import { checkSessions } from './rules/session-rules';
import { checkInstitution, checkSite } from './rules/site-rules';
import { checkTeacherOverlaps, checkTeachers } from './rules/teacher-rules';
import { checkAges, checkEligibility, checkTraineeOverlaps } from './rules/trainee-rules';
import type { ClassValidationContext } from './validation-context';

/**
 * Every rule of an opening application, in the order a reviewer reads an application (Art. 9:
 * teaching plan, teachers, trainee eligibility), each contributing its own violations.
 */
const CHECKS: readonly ClassRuleCheck[] = [
  checkInstitution,
  checkCatalogue,
  checkCertificates,
  checkMaterials,
  checkDocuments,
  checkRecordingWaiver,
  checkJobDemand,
  checkProject,
  checkSite,
  checkSessions,
  checkCertificateHours,
  checkEntrepreneurshipHours,
  checkShortCourse,
  checkApprenticeship,
  checkTeachers,
  checkTeacherOverlaps,
  checkClassSize,
  checkRosterEntries,
  checkTraineeCertificates,
  checkAges,
  checkEligibility,
  checkTraineeOverlaps,
];

/** All violations at once; an empty list means the application may be submitted or approved. */
export function validateClassApplication(application: ClassApplication, context: ClassValidationContext): Violation[] {
  const prepared = prepareClass(application, context);
  return CHECKS.flatMap((check) => check(prepared, context));
}

export class ClassApplicationRejected extends RulesViolated {
  constructor(violations: readonly Violation[]) {
    super('CLASS_APPLICATION_VIOLATES_RULES', '开班申请不符合《工作指引》规定', violations);
  }
}

/** For command handlers: throws every violation together, or returns quietly. */
export function assertClassApplicationValid(application: ClassApplication, context: ClassValidationContext): void {
  const violations = validateClassApplication(application, context);
  if (violations.length > 0) throw new ClassApplicationRejected(violations);
}
