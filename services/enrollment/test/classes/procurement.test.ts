import { describe, expect, it } from 'vitest';
import { isProcuredTraining, methodsForAmount, validateProcurement } from '../../src/classes/procurement';
import type { Procurement, TrainingProject } from '../../src/classes/training-project';
import { catalogue, codes } from '../support/issue3-fixtures';

const yuan = (amount: number): number => Math.round(amount * 100);

function project(fundsFen: number, procurement: Partial<Procurement> = {}, overrides: Partial<TrainingProject> = {}): TrainingProject {
  return {
    projectId: 'prj_2026_nm_01',
    year: 2026,
    areaCode: '520102',
    trainingType: 'EMPLOYMENT_LONG_TERM',
    occupationCode: '4-03-02-01',
    headcount: 500,
    fundsFen,
    caseByCase: false,
    procurement: { method: 'PUBLIC_TENDER', urgent: false, eMallRequired: false, completedOn: '2026-01-25', awardedInstitutionIds: ['ins_qianyi'], ...procurement },
    ...overrides,
  };
}

describe('training projects and procurement (Art. 7)', () => {
  it('Art. 7(3): 2,000,000 CNY and above must be publicly tendered', () => {
    expect(methodsForAmount(yuan(2_000_000))).toEqual(['PUBLIC_TENDER']);
    expect(validateProcurement(project(yuan(2_000_000)), catalogue)).toEqual([]);
    const [violation] = validateProcurement(project(yuan(2_000_000), { method: 'COMPETITIVE_NEGOTIATION' }), catalogue);
    expect(violation?.code).toBe('PROCUREMENT_METHOD_NOT_ALLOWED_FOR_AMOUNT');
    expect(violation?.message).toContain('¥2,000,000.00');
    expect(violation?.message).toContain('应采用公开招标');
  });

  it('Art. 7(3): 500,000 to 1,999,999.99 CNY allows tender, competitive negotiation or consultation', () => {
    for (const amount of [yuan(500_000), yuan(1_999_999.99)]) {
      expect(methodsForAmount(amount)).toEqual(['PUBLIC_TENDER', 'COMPETITIVE_NEGOTIATION', 'COMPETITIVE_CONSULTATION']);
      expect(validateProcurement(project(amount, { method: 'COMPETITIVE_CONSULTATION' }), catalogue)).toEqual([]);
    }
    expect(codes(validateProcurement(project(yuan(500_000), { method: 'E_MALL' }), catalogue))).toEqual(['PROCUREMENT_METHOD_NOT_ALLOWED_FOR_AMOUNT']);
  });

  it('Art. 7(3): below 500,000 CNY the e-mall or self-procurement is used, the e-mall first where finance requires it', () => {
    expect(methodsForAmount(yuan(499_999.99))).toEqual(['E_MALL', 'SELF_PROCUREMENT']);
    expect(validateProcurement(project(yuan(360_000), { method: 'SELF_PROCUREMENT' }), catalogue)).toEqual([]);
    expect(codes(validateProcurement(project(yuan(360_000), { method: 'SELF_PROCUREMENT', eMallRequired: true }), catalogue))).toEqual(['E_MALL_REQUIRED']);
    expect(codes(validateProcurement(project(yuan(360_000), { method: 'PUBLIC_TENDER' }), catalogue))).toEqual(['PROCUREMENT_METHOD_NOT_ALLOWED_FOR_AMOUNT']);
  });

  it('Art. 7(3): single source only for an urgent task with a full justification', () => {
    expect(codes(validateProcurement(project(yuan(800_000), { method: 'SINGLE_SOURCE' }), catalogue))).toEqual(['SINGLE_SOURCE_REQUIRES_URGENCY']);
    expect(codes(validateProcurement(project(yuan(800_000), { method: 'SINGLE_SOURCE', urgent: true, justification: '太急' }), catalogue))).toEqual([
      'SINGLE_SOURCE_REQUIRES_URGENCY',
    ]);
    const justified = project(yuan(800_000), {
      method: 'SINGLE_SOURCE',
      urgent: true,
      justification: '受洪灾影响的搬迁安置点需在两周内完成200名劳动者的紧急转岗培训，仅该机构在当地具备相应实训场地。',
      completedOn: '2026-07-10',
    });
    expect(validateProcurement(justified, catalogue)).toEqual([]);
  });

  it('Art. 7: procurement is completed by the end of January', () => {
    expect(codes(validateProcurement(project(yuan(2_500_000), { completedOn: '2026-02-01' }), catalogue))).toEqual(['PROCUREMENT_AFTER_DEADLINE']);
    expect(validateProcurement(project(yuan(2_500_000), { completedOn: '2025-12-15' }), catalogue)).toEqual([]);
  });

  it('Art. 7(1): short courses, pre-job/safety training and apprenticeships are not procured', () => {
    for (const trainingType of ['EMPLOYMENT_SHORT', 'ENTERPRISE_PRE_JOB', 'ENTERPRISE_SAFETY', 'APPRENTICESHIP'] as const) {
      expect(codes(validateProcurement(project(yuan(300_000), { method: 'E_MALL' }, { trainingType }), catalogue))).toEqual(['PROCUREMENT_NOT_APPLICABLE']);
      expect(validateProcurement(project(yuan(300_000), {}, { trainingType, procurement: undefined }), catalogue)).toEqual([]);
    }
  });

  it('Art. 7(1): new occupations without a national standard are not procured', () => {
    expect(isProcuredTraining({ trainingType: 'EMPLOYMENT_LONG_TERM', occupationCode: 'GZ-ZX-MX01' }, catalogue)).toBe(false);
    expect(isProcuredTraining({ trainingType: 'EMPLOYMENT_LONG_TERM', occupationCode: '4-03-02-01' }, catalogue)).toBe(true);
  });

  it('Art. 7(1): from 2026, long-term, entrepreneurship and labour-preparation projects must be procured', () => {
    expect(codes(validateProcurement(project(yuan(300_000), {}, { procurement: undefined }), catalogue))).toEqual(['PROCUREMENT_REQUIRED']);
    expect(validateProcurement(project(yuan(300_000), {}, { procurement: undefined, year: 2025 }), catalogue)).toEqual([]);
  });

  it('Art. 7(1): 项目制培训 is decided case by case, the amount rules still apply when it is procured', () => {
    expect(validateProcurement(project(yuan(300_000), {}, { procurement: undefined, caseByCase: true }), catalogue)).toEqual([]);
    expect(codes(validateProcurement(project(yuan(300_000), { method: 'PUBLIC_TENDER' }, { caseByCase: true }), catalogue))).toEqual([
      'PROCUREMENT_METHOD_NOT_ALLOWED_FOR_AMOUNT',
    ]);
  });
});
