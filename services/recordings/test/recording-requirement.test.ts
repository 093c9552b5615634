import { describe, expect, it } from 'vitest';
import { RecordingError } from '../src/domain/errors';
import { assertVideoRequired, recordingRequirement, type ClassRecordingFacts } from '../src/domain/recording-requirement';

const facts = (overrides: Partial<ClassRecordingFacts>): ClassRecordingFacts => ({
  trainingType: 'EMPLOYMENT_LONG_TERM',
  secrecyWaiver: false,
  ...overrides,
});

const refusal = (input: ClassRecordingFacts): string | undefined => {
  try {
    assertVideoRequired(input);
    return undefined;
  } catch (error) {
    return error instanceof RecordingError ? error.code : String(error);
  }
};

describe('Art. 24: whole-process recording', () => {
  it('Art. 24: long-term, entrepreneurship, labour-preparation and enterprise on-the-job training are filmed', () => {
    for (const trainingType of ['EMPLOYMENT_LONG_TERM', 'ENTREPRENEURSHIP', 'LABOUR_PREPARATION', 'ENTERPRISE_ON_JOB', 'ENTERPRISE_JOB_CHANGE'] as const) {
      expect(recordingRequirement(facts({ trainingType }))).toEqual({ kind: 'VIDEO' });
    }
  });

  it('Art. 24: short courses need no recording', () => {
    expect(recordingRequirement(facts({ trainingType: 'EMPLOYMENT_SHORT' }))).toEqual({ kind: 'NONE', reason: 'SHORT_COURSE' });
    expect(refusal(facts({ trainingType: 'EMPLOYMENT_SHORT' }))).toBe('RECORDING_NOT_REQUIRED');
  });

  it('Art. 24 with Art. 13: pre-job and safety training run as short courses need no recording', () => {
    expect(recordingRequirement(facts({ trainingType: 'ENTERPRISE_PRE_JOB' }))).toEqual({ kind: 'NONE', reason: 'SHORT_COURSE' });
    expect(recordingRequirement(facts({ trainingType: 'ENTERPRISE_SAFETY' }))).toEqual({ kind: 'NONE', reason: 'SHORT_COURSE' });
  });

  it('Art. 24: enterprise apprenticeships need no recording', () => {
    expect(recordingRequirement(facts({ trainingType: 'APPRENTICESHIP' }))).toEqual({ kind: 'NONE', reason: 'APPRENTICESHIP' });
    expect(refusal(facts({ trainingType: 'APPRENTICESHIP', secrecyWaiver: true }))).toBe('RECORDING_NOT_REQUIRED');
  });

  it('Art. 24: enterprise staff training exempted for secrecy provides other evidence instead of video', () => {
    const secret = facts({ trainingType: 'ENTERPRISE_JOB_CHANGE', secrecyWaiver: true });
    expect(recordingRequirement(secret)).toEqual({ kind: 'OTHER_EVIDENCE', reason: 'ENTERPRISE_SECRECY' });
    expect(refusal(secret)).toBe('RECORDING_EVIDENCE_INSTEAD');
  });

  it('Art. 24: a secrecy waiver on a class that does not train enterprise staff does not waive the recording', () => {
    expect(recordingRequirement(facts({ trainingType: 'EMPLOYMENT_LONG_TERM', secrecyWaiver: true }))).toEqual({ kind: 'VIDEO' });
    expect(refusal(facts({ secrecyWaiver: true }))).toBeUndefined();
  });
});
