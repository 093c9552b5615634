import { describe, expect, it } from 'vitest';
import { approvingOffice } from '../../src/classes/approval';
import type { TrainingProject } from '../../src/classes/training-project';
import limitsDocument from '../../src/reference/data/limits.v1.json' with { type: 'json' };
import { loadLimits } from '../../src/reference/limits';
import { divisions, limits } from '../support/issue3-fixtures';

describe('approving office ("谁审批、谁监管、谁负责", Art. 9)', () => {
  it('Art. 9: by default the county of the training site approves', () => {
    expect(approvingOffice({ siteAreaCode: '520102', trainingType: 'EMPLOYMENT_LONG_TERM', project: undefined }, divisions, limits)).toMatchObject({
      code: '520102',
      hrssOffice: '贵阳市南明区人力资源和社会保障局',
    });
  });

  it('practice: configuration can move a training type up to the city', () => {
    const cityApproves = loadLimits({ ...limitsDocument, approval: { defaultLevel: 'COUNTY', byTrainingType: { APPRENTICESHIP: 'CITY' } } });
    expect(approvingOffice({ siteAreaCode: '522634', trainingType: 'APPRENTICESHIP', project: undefined }, divisions, cityApproves)?.name).toBe(
      '黔东南苗族侗族自治州',
    );
    expect(approvingOffice({ siteAreaCode: '522634', trainingType: 'EMPLOYMENT_SHORT', project: undefined }, divisions, cityApproves)?.name).toBe('雷山县');
  });

  it('Art. 7, 9: a class under a procured project belongs to the office that procured it', () => {
    const project = { areaCode: '520100' } as TrainingProject;
    expect(approvingOffice({ siteAreaCode: '520102', trainingType: 'EMPLOYMENT_LONG_TERM', project }, divisions, limits)?.code).toBe('520100');
  });

  it('Art. 9: a site outside the division table has no approving office', () => {
    expect(approvingOffice({ siteAreaCode: '110105', trainingType: 'EMPLOYMENT_LONG_TERM', project: undefined }, divisions, limits)).toBeUndefined();
  });
});
