import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AuthContext, DomainError } from '@peixun/shared';
import * as attendanceErrors from '../../services/attendance/src/domain/errors';
import { FACE_IMAGE_PROBLEMS, FaceEngineBusy, FaceImageRejected, FaceNotEnrolled, type FaceImageProblemCode } from '../../services/attendance/src/face/face-errors';
import { LivenessChallengeUnavailable, LivenessNotFinished } from '../../services/attendance/src/face/liveness/liveness-errors';
import { ClassModifiedConcurrently } from '../../services/enrollment/src/adapters/class-repository';
import { CatalogueVersionExists, DivisionsVersionExists } from '../../services/enrollment/src/adapters/reference-repository';
import { ACTOR_RULES, ActionRefused } from '../../services/enrollment/src/classes/actors';
import { CHANGE_RULES } from '../../services/enrollment/src/classes/change-requests';
import { ProjectProcurementInvalid } from '../../services/enrollment/src/classes/project-registration';
import { ClassApplicationRejected } from '../../services/enrollment/src/classes/validate-class-application';
import { WORKFLOW_RULES } from '../../services/enrollment/src/classes/workflow';
import type { EnrollmentDependencies } from '../../services/enrollment/src/dependencies';
import { DOCUMENT_REJECTION_CODES } from '../../services/enrollment/src/documents/document';
import { DocumentNotUploaded, DocumentRejected } from '../../services/enrollment/src/documents/errors';
import { TraineeClaimLockedOut, TraineeRegistrationLockedOut } from '../../services/enrollment/src/domain/claim-attempts';
import { TraineeFrozen, TraineeIdentityNotVerified } from '../../services/enrollment/src/domain/identity-verification';
import { TraineeAlreadyClaimed, TraineeIdentityNotMatched } from '../../services/enrollment/src/domain/trainee-account';
import { TraineeAccountAlreadyLinked, TraineeAlreadyRegistered } from '../../services/enrollment/src/domain/trainee';
import { InstitutionAlreadyRegistered, InstitutionRegistrationInvalid } from '../../services/enrollment/src/institutions/registration';
import { renewalOf, TeacherAlreadyRegistered } from '../../services/enrollment/src/institutions/teacher-registration';
import { SITE_REVIEW_RULES } from '../../services/enrollment/src/institutions/site-review';
import { bundledDivisionTable } from '../../services/enrollment/src/reference/divisions';
import type { Rule } from '../../services/enrollment/src/reference/rules';
import { RosterFileUnreadable } from '../../services/enrollment/src/roster/sheet-row';
import { importClassRoster, ROSTER_FILE_MAX_BYTES } from '../../services/enrollment/src/use-cases/roster-upload';
import * as paymentErrors from '../../services/payments/src/domain/errors';
import * as claimErrors from '../../services/claims/src/domain/errors';
import * as recordingErrors from '../../services/recordings/src/domain/errors';

/**
 * The errors each service really throws, as instances of its own error classes and factories:
 * what the route contracts' error lists are checked against (`route-errors.test.ts`). Nothing
 * here states a status or a title; they come from the services' code. Where a status is chosen
 * at the throw site (enrollment's `ActionRefused`), the throw sites are read from the source.
 * `sourceGuards` fails when a service grows an error this file does not see.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SHARED_ERROR_CLASSES = new Set(['ValidationFailed', 'Unauthenticated', 'Forbidden', 'NotFound']);

export interface SourceFile {
  readonly path: string;
  readonly text: string;
}

export function sourcesOf(service: string): SourceFile[] {
  const dir = join(ROOT, 'services', service, 'src');
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => ({ path: relative(ROOT, join(dir, file)), text: readFileSync(join(dir, file), 'utf8') }));
}

/** Classes that extend DomainError, directly or through another class of the service; shared subclasses (`extends Forbidden`) keep their shared code and status. */
export function errorClassesIn(sources: readonly SourceFile[]): string[] {
  const bases = new Map<string, string>();
  for (const { text } of sources) {
    for (const match of text.matchAll(/\bclass\s+(\w+)\s+extends\s+(\w+)/g)) bases.set(match[1] ?? '', match[2] ?? '');
  }
  const isServiceError = (name: string, seen = new Set<string>()): boolean => {
    const base = bases.get(name);
    if (base === undefined || seen.has(name)) return false;
    if (base === 'DomainError') return true;
    return !SHARED_ERROR_CLASSES.has(base) && isServiceError(base, new Set([...seen, name]));
  };
  return [...bases.keys()].filter((name) => isServiceError(name)).sort();
}

async function refusal(attempt: () => unknown): Promise<DomainError> {
  try {
    await attempt();
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('expected a refusal');
}

// ---- enrollment --------------------------------------------------------------------------

const RULE_GROUPS: Readonly<Record<string, Readonly<Record<string, Rule>>>> = { ACTOR_RULES, WORKFLOW_RULES, CHANGE_RULES, SITE_REVIEW_RULES };

export interface ThrowSite {
  readonly path: string;
  readonly call: string;
}

/**
 * `new ActionRefused(GROUP.rule, 409, …)` and calls of local helpers that forward a rule and a
 * status to it (`refuse(CHANGE_RULES.reasonRequired, 422, …)`): each becomes a real ActionRefused
 * with that rule and status. A throw site of another shape is returned as unread.
 */
export function actionRefusalsIn(sources: readonly SourceFile[]): { errors: DomainError[]; unread: ThrowSite[] } {
  const errors: DomainError[] = [];
  const unread: ThrowSite[] = [];
  const siteOf = /^\(\s*([A-Z_]+)\.(\w+)\s*,\s*(\d{3})\s*,/;
  for (const { path, text } of sources) {
    const helpers = new Set<string>();
    for (const match of text.matchAll(/function\s+(\w+)\s*\(\s*rule\b[^{]*?\bstatus: number[^{]*\{\s*throw new ActionRefused\(rule, status,/g)) {
      helpers.add(match[1] ?? '');
    }
    const callee = ['new ActionRefused', ...helpers].map((name) => name.replace(/\s+/g, '\\s+')).join('|');
    // The arguments are read ahead without being consumed, so neighbouring throw sites are all seen.
    for (const match of text.matchAll(new RegExp(`(?<!function\\s+)\\b(${callee})(?=(\\([\\s\\S]{0,200}))`, 'g'))) {
      const args = match[2] ?? '';
      if (args.startsWith('(rule, status,')) continue; // the helper's own body
      const site = siteOf.exec(args);
      const group = site === null ? undefined : RULE_GROUPS[site[1] ?? ''];
      const rule = group?.[site?.[2] ?? ''];
      if (site === null || rule === undefined) {
        unread.push({ path, call: `${match[1]}${args.slice(0, 60)}` });
        continue;
      }
      errors.push(new ActionRefused(rule, Number(site[3]), ''));
    }
  }
  return { errors, unread };
}

const reviewerWithoutArea: AuthContext = { sub: 'reviewer', username: 'reviewer', roles: ['reviewer'] };

export async function enrollmentErrors(): Promise<DomainError[]> {
  const roster = (bytes: Buffer) =>
    // The file is refused before the dependencies are touched.
    refusal(() => importClassRoster({} as EnrollmentDependencies, 'cls', { bytes, mode: 'all-or-nothing' }, reviewerWithoutArea, new Date()));
  return [
    new TraineeAlreadyRegistered(),
    new TraineeAccountAlreadyLinked(),
    new TraineeIdentityNotMatched(),
    new TraineeAlreadyClaimed(),
    new TraineeClaimLockedOut(),
    new TraineeRegistrationLockedOut(),
    new TraineeIdentityNotVerified('NOT_FOUND'),
    new TraineeFrozen('trn'),
    new InstitutionRegistrationInvalid([]),
    new InstitutionAlreadyRegistered('creditCode'),
    new TeacherAlreadyRegistered(),
    await refusal(() => renewalOf({ cityCode: '520100', approvedOn: '2026-01-01' }, reviewerWithoutArea, bundledDivisionTable())),
    new CatalogueVersionExists('v'),
    new DivisionsVersionExists('v'),
    new ClassApplicationRejected([]),
    new ProjectProcurementInvalid([]),
    new ClassModifiedConcurrently('cls'),
    new RosterFileUnreadable('ROSTER_FILE_UNREADABLE', ''),
    new RosterFileUnreadable('ROSTER_ENCODING_INVALID', ''),
    await roster(Buffer.alloc(0)),
    await roster(Buffer.alloc(ROSTER_FILE_MAX_BYTES + 1)),
    new DocumentNotUploaded('doc'),
    ...DOCUMENT_REJECTION_CODES.map((code) => new DocumentRejected('doc', { code, message: '' })),
    ...actionRefusalsIn(sourcesOf('enrollment')).errors,
  ];
}

// ---- attendance --------------------------------------------------------------------------

export function attendanceErrorInstances(): DomainError[] {
  const e = attendanceErrors;
  return [
    new e.SessionNotFound('s'),
    new e.SessionCancelled('s'),
    new e.ClassCancelled({ sessionId: 's', classId: 'c' }),
    new e.SessionNotOpen({}),
    new e.NotOnRoster({}),
    new e.FaceMismatch(),
    new e.ProxySuspected(),
    new e.DeviceRateLimited(),
    new e.DeviceWindowContended('d'),
    new e.LockedOut({}),
    new e.AlreadyRecorded(),
    new e.PhotoReplayed(),
    new e.FaceSecondPhotoNeeded(),
    new e.TraineeFrozen('t'),
    new e.TraineeUnknown('t'),
    new e.FaceConsentMissing('t'),
    new e.FaceConsentWithdrawn('t'),
    new e.FaceReviewNotPending('t'),
    new e.ManualRecordNotPending('r'),
    ...(Object.keys(FACE_IMAGE_PROBLEMS) as FaceImageProblemCode[]).map((code) => new FaceImageRejected(code)),
    new FaceNotEnrolled('t'),
    new FaceEngineBusy('engine'),
    new e.LivenessRequired({}),
    new LivenessChallengeUnavailable({ challengeId: 'l', reason: 'NOT_FOUND' }),
    new LivenessNotFinished({ challengeId: 'l', providerStatus: 'IN_PROGRESS' }),
  ];
}

// ---- recordings --------------------------------------------------------------------------

export function recordingErrorInstances(): DomainError[] {
  const r = recordingErrors;
  return [
    r.recordingEmpty(),
    r.recordingTooLarge(2, 1),
    r.recordingNotRequired('SHORT_COURSE'),
    r.recordingNotRequired('APPRENTICESHIP'),
    r.recordingEvidenceInstead(),
    r.recordingNotOwnInstitution({}),
    r.recordingInvalidTimeRange(),
    r.recordingPartRangeInvalid(0, 0, 1, 1),
    r.recordingPartsMissing([1]),
    r.recordingPartSizeMismatch([1]),
    r.recordingSizeMismatch(1, 2),
    r.recordingNotVideo(undefined),
    r.recordingContainerUnsupported('avi'),
    r.recordingChecksumMismatch('a', 'b'),
    r.recordingAlreadyCompleted(),
    r.recordingVerifying(),
    r.recordingUploadClosed('ABORTED'),
    r.recordingUploadGone(),
    r.recordingOverwriteRefused('k'),
    r.recordingViewOutsideArea({}),
    r.recordingNotViewable('UPLOADING'),
    r.recordingChangedConcurrently('rec'),
    r.recordingSessionUnknown('s'),
    r.recordingSessionAlreadyRecorded('s', undefined),
    r.recordingNotReplaceable('rec', 'uploading', false),
    r.recordingReplacementPending('s', 'rpl'),
    r.recordingReplacementNotPending('s', 'rpl'),
    r.recordingReplacementNotApproved('rpl', 'requested'),
    r.recordingReplacementUsed('rpl', 'rec'),
  ];
}

export const RECORDING_ERROR_CODES: readonly string[] = recordingErrors.RECORDING_ERROR_CODES;

// ---- payments ----------------------------------------------------------------------------

export function paymentErrorInstances(): DomainError[] {
  const p = paymentErrors;
  return [
    p.outsideArea('520102'),
    p.batchEmpty(),
    p.batchState('已导出', '审批'),
    p.batchChanged('pb'),
    p.makerCannotApprove(),
    p.alreadyApproved(),
    p.controlTotalsMismatch({ count: 1, sumFen: 1 }),
    p.accountsChanged(['l']),
    p.resultFileMalformed('x'),
    p.resultWrongBatch('m'),
    p.resultTotalsMismatch({ count: 1, sumFen: 1 }, {}),
    p.resultUploadMissing('imports/x'),
    p.retryNotAllowed('PAID'),
    p.payeeUnknown(),
    p.accountHolderMismatch(),
    p.accountConflict(),
    p.fundUseTooLarge(50_001, 50_000),
  ];
}

export const PAYMENT_ERROR_CODES: readonly string[] = paymentErrors.PAYMENT_ERROR_CODES;

// ---- claims ------------------------------------------------------------------------------

export function claimErrorInstances(): DomainError[] {
  const c = claimErrors;
  return [
    c.certificateNumberInvalid({ kind: 'FORMAT', detail: 'x' }),
    c.certificateNumberInvalid({ kind: 'LEVEL_MISMATCH', position: 16, found: '4', expected: '5' }),
    c.certificateNumberInvalid({ kind: 'ISSUER_REQUIRED' }),
    c.certificateNumberTaken('n'),
    c.certificateDateInFuture('2099-01-01'),
    c.certificateNotVerified(),
    c.certificateNotPending(),
    c.certificateNotHolder(),
    c.traineeFrozen(),
    c.certificateScanMissing(),
    c.claimPastDeadline('2024-01-01', '2025-01-01'),
    c.claimAlreadySubsidised('中式烹调师', 'LEVEL_5'),
    c.claimHigherLevelHeld('中式烹调师'),
    c.claimLimitReached('2024-2025', 3),
    c.claimNoPolicyPeriod('2030-01-01'),
    c.claimNoSubsidyStandard('中式烹调师', 'LEVEL_5'),
    c.claimRouteToSkillUpgrade(),
    c.claimClassUnknown('c'),
    c.claimClassNotCompleted(),
    c.claimAlreadyFiled('c'),
    c.claimNotInReview(['line_1']),
    c.claimOutsideArea(),
    c.claimLineUnknown('l'),
    c.claimChangedConcurrently(),
    c.disclosureClosed(),
    c.objectionRateLimited(),
    c.objectionNotOpen(),
    c.importFileUnreadable('x'),
    c.workingCalendarNotPublished(2027),
    c.workingCalendarInvalid([{ field: 'workingDays', date: '2027-01-04', problem: '调休上班日应为周六或周日' }]),
    c.workingCalendarVersionExists(2027, 'v1'),
  ];
}

/** Every service with routes, and the errors it throws. */
export async function serviceErrors(): Promise<ReadonlyMap<string, readonly DomainError[]>> {
  return new Map([
    ['enrollment', await enrollmentErrors()],
    ['attendance', attendanceErrorInstances()],
    ['recordings', recordingErrorInstances()],
    ['payments', paymentErrorInstances()],
    ['claims', claimErrorInstances()],
  ]);
}
