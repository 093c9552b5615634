import type { DemoStep } from './step';

/**
 * This year's 中式烹调师 project in 南明区, publicly tendered and awarded to ins_demo (Art. 7),
 * and an employer's job demand for the same occupation (以岗定训, Art. 9): what a long-term class
 * is opened against.
 */
export const projectsStep: DemoStep = {
  name: 'project and job demand',
  async run({ api, world, today }) {
    const year = today.slice(0, 4);
    const project = await api.send<{ projectId: string }>('reviewer1', 'POST', '/projects', {
      year: Number(year),
      areaCode: '520102',
      trainingType: 'EMPLOYMENT_LONG_TERM',
      occupationCode: '4-03-02-01',
      headcount: 200,
      fundsFen: 250_000_000,
      caseByCase: false,
      procurement: { method: 'PUBLIC_TENDER', urgent: false, eMallRequired: false, completedOn: `${year}-01-20`, awardedInstitutionIds: ['ins_demo'] },
    });
    world.remember('DEMO_PROJECT_ID', project.projectId, `${year}年中式烹调师培训项目（公开招标，中标 ins_demo）`);
    const demand = await api.send<{ jobDemandId: string }>('reviewer1', 'POST', '/job-demands', {
      occupationCode: '4-03-02-01',
      employerName: '贵州黔厨餐饮管理有限公司',
      positions: 50,
      validUntil: `${Number(year) + 1}-12-31`,
    });
    world.remember('DEMO_JOB_DEMAND_ID', demand.jobDemandId, '岗位需求（中式烹调师 50 人）');
  },
};
