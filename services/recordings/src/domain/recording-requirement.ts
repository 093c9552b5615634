import type { TrainingType } from '@peixun/shared';
import { recordingEvidenceInstead, recordingNotRequired } from './errors';

/** Art. 11 and 13: pre-job and safety training are run "按短平快培训方式", so they are short courses. */
const SHORT_COURSE_MODE: ReadonlySet<TrainingType> = new Set(['EMPLOYMENT_SHORT', 'ENTERPRISE_PRE_JOB', 'ENTERPRISE_SAFETY']);

/** 企业职工培训 (Art. 10–13): the training of an enterprise's own staff, the only kind a secrecy waiver can cover. */
const ENTERPRISE_STAFF_TRAINING: ReadonlySet<TrainingType> = new Set([
  'ENTERPRISE_PRE_JOB',
  'ENTERPRISE_SAFETY',
  'ENTERPRISE_ON_JOB',
  'ENTERPRISE_JOB_CHANGE',
  'APPRENTICESHIP',
]);

export interface ClassRecordingFacts {
  readonly trainingType: TrainingType;
  /**
   * The approving office accepted that the training cannot be filmed for secrecy reasons
   * (enrollment's `recordingWaiver` on `Class.Approved` / `Session.Scheduled`).
   */
  readonly secrecyWaiver: boolean;
}

export type RecordingRequirement =
  | { readonly kind: 'VIDEO' }
  | { readonly kind: 'NONE'; readonly reason: 'SHORT_COURSE' | 'APPRENTICESHIP' }
  | { readonly kind: 'OTHER_EVIDENCE'; readonly reason: 'ENTERPRISE_SECRECY' };

/**
 * Art. 24: subsidised training is filmed from start to end, except short courses and enterprise
 * apprenticeships; enterprise staff training that truly cannot be filmed for secrecy reasons gives
 * the county HRSS office other evidence instead. A secrecy waiver on a class that does not train
 * an enterprise's staff has no basis in the article and is ignored.
 * Enrollment decides the same at approval (`recordingRequired`); both must agree.
 */
export function recordingRequirement(facts: ClassRecordingFacts): RecordingRequirement {
  if (SHORT_COURSE_MODE.has(facts.trainingType)) return { kind: 'NONE', reason: 'SHORT_COURSE' };
  if (facts.trainingType === 'APPRENTICESHIP') return { kind: 'NONE', reason: 'APPRENTICESHIP' };
  if (facts.secrecyWaiver && ENTERPRISE_STAFF_TRAINING.has(facts.trainingType)) {
    return { kind: 'OTHER_EVIDENCE', reason: 'ENTERPRISE_SECRECY' };
  }
  return { kind: 'VIDEO' };
}

/** Refuses a video upload for a class that Art. 24 does not ask to film. */
export function assertVideoRequired(facts: ClassRecordingFacts): void {
  const requirement = recordingRequirement(facts);
  if (requirement.kind === 'NONE') throw recordingNotRequired(requirement.reason);
  if (requirement.kind === 'OTHER_EVIDENCE') throw recordingEvidenceInstead();
}
