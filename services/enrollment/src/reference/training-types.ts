import type { TrainingType } from '@peixun/shared';

export { TRAINING_TYPES, trainingTypeSchema, type TrainingType } from '@peixun/shared';

/**
 * Training types and the facts the guideline attaches to each. These are rules of the
 * guideline itself (articles cited per field), not local configuration, so they live in code
 * and change only with a new version of the guideline.
 */
/** How a class is run, which decides the hour, size and duration rules that apply (Art. 13, 18). */
export type TrainingMode = 'LONG_TERM' | 'SHORT' | 'ENTREPRENEURSHIP' | 'APPRENTICESHIP';

/** How a class ends (Art. 19): the event consumers need it to know what proves completion. */
export type CompletionAssessment = 'NATIONAL_SKILL_EVALUATION' | 'PRACTICAL_TEST' | 'ENTREPRENEURSHIP_PLATFORM_EXAM' | 'ENTERPRISE_ASSESSMENT';

export interface TrainingTypeFacts {
  readonly label: string;
  readonly mode: TrainingMode;
  /** Art. 24: whole-process recording except short courses and apprenticeships. */
  readonly recordingRequired: boolean;
  /** Art. 24 para. 2: enterprise training that cannot be filmed for secrecy gives other evidence. */
  readonly recordingWaiverAllowed: boolean;
  /** Art. 7(1): which types are bought through government procurement (from 2026). */
  readonly procured: boolean;
  /** Art. 9, 23: long-term employment training is opened only against a job-demand entry (以岗定训). */
  readonly jobDemandRequired: boolean;
  /** Art. 18(1) "按证补贴": the class must name the certificate level(s) it leads to. */
  readonly certificateRequired: boolean;
  readonly completion: CompletionAssessment;
  /** Art. 10–13: enterprise tracks train the enterprise's own (or about-to-be-hired) staff. */
  readonly enterpriseTrack: boolean;
}

export const TRAINING_TYPE_FACTS: Record<TrainingType, TrainingTypeFacts> = {
  EMPLOYMENT_LONG_TERM: {
    label: '中长期就业技能培训',
    mode: 'LONG_TERM',
    recordingRequired: true,
    recordingWaiverAllowed: false,
    procured: true,
    jobDemandRequired: true,
    certificateRequired: true,
    completion: 'NATIONAL_SKILL_EVALUATION',
    enterpriseTrack: false,
  },
  EMPLOYMENT_SHORT: {
    label: '短平快就业技能培训',
    mode: 'SHORT',
    recordingRequired: false,
    recordingWaiverAllowed: false,
    procured: false,
    jobDemandRequired: false,
    certificateRequired: false,
    completion: 'PRACTICAL_TEST',
    enterpriseTrack: false,
  },
  ENTREPRENEURSHIP: {
    label: '创业培训',
    mode: 'ENTREPRENEURSHIP',
    recordingRequired: true,
    recordingWaiverAllowed: false,
    procured: true,
    jobDemandRequired: false,
    certificateRequired: false,
    completion: 'ENTREPRENEURSHIP_PLATFORM_EXAM',
    enterpriseTrack: false,
  },
  LABOUR_PREPARATION: {
    label: '劳动预备制培训',
    mode: 'LONG_TERM',
    recordingRequired: true,
    recordingWaiverAllowed: false,
    procured: true,
    // Art. 23 para. 2 puts labour preparation with the types reviewed on plan, teachers and
    // trainees, not with the "以岗定培" long-term employment training.
    jobDemandRequired: false,
    certificateRequired: true,
    completion: 'NATIONAL_SKILL_EVALUATION',
    enterpriseTrack: false,
  },
  ENTERPRISE_PRE_JOB: {
    label: '企业岗前培训',
    mode: 'SHORT',
    recordingRequired: false,
    recordingWaiverAllowed: true,
    procured: false,
    jobDemandRequired: false,
    certificateRequired: false,
    completion: 'ENTERPRISE_ASSESSMENT',
    enterpriseTrack: true,
  },
  ENTERPRISE_SAFETY: {
    label: '企业安全技能培训',
    mode: 'SHORT',
    recordingRequired: false,
    recordingWaiverAllowed: true,
    procured: false,
    jobDemandRequired: false,
    certificateRequired: false,
    completion: 'ENTERPRISE_ASSESSMENT',
    enterpriseTrack: true,
  },
  ENTERPRISE_ON_JOB: {
    label: '企业在岗技能提升培训',
    mode: 'LONG_TERM',
    recordingRequired: true,
    recordingWaiverAllowed: true,
    procured: true,
    jobDemandRequired: false,
    certificateRequired: false,
    completion: 'NATIONAL_SKILL_EVALUATION',
    enterpriseTrack: true,
  },
  ENTERPRISE_JOB_CHANGE: {
    label: '企业转岗技能培训',
    mode: 'LONG_TERM',
    recordingRequired: true,
    recordingWaiverAllowed: true,
    procured: true,
    jobDemandRequired: false,
    certificateRequired: false,
    completion: 'NATIONAL_SKILL_EVALUATION',
    enterpriseTrack: true,
  },
  APPRENTICESHIP: {
    label: '企业新型学徒制培训',
    mode: 'APPRENTICESHIP',
    recordingRequired: false,
    recordingWaiverAllowed: false,
    procured: false,
    jobDemandRequired: false,
    certificateRequired: false,
    completion: 'NATIONAL_SKILL_EVALUATION',
    enterpriseTrack: true,
  },
};
