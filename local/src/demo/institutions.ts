import type { DemoStep } from './step';

/**
 * The institutions `school1` and `school2` belong to, each with a training site in its own county
 * (南明区 520102, reviewed by reviewer1; 云岩区 520103, reviewed by reviewer3). Their ids are fixed
 * because the seeded logins carry them; a 409 means an earlier start already registered them.
 */
const COUNTY = { '520102': '南明区', '520103': '云岩区' } as const;
type County = keyof typeof COUNTY;

const institution = (institutionId: string, areaCode: County, name: string, creditCode: string, permit: string) => ({
  institutionId,
  name,
  kind: 'PRIVATE_TRAINING_SCHOOL',
  creditCode,
  areaCode,
  licences: [
    { kind: 'SCHOOL_OPERATING_PERMIT', number: permit, issuedBy: `贵阳市${COUNTY[areaCode]}人力资源和社会保障局`, validFrom: '2024-01-01', validUntil: '2030-12-31' },
  ],
  sites: [
    {
      name: `${COUNTY[areaCode]}实训基地`,
      address: `贵阳市${COUNTY[areaCode]}示范路1号`,
      areaCode,
      floorAreaSqm: 600,
      capacity: 60,
      facilities: [{ name: '中式烹调工位', quantity: 30 }],
      occupationCodes: ['4-03-02-01'],
    },
  ],
});

export const DEMO_INSTITUTIONS = [
  institution('ins_demo', '520102', '贵阳市南明区黔艺职业培训学校（演示）', '52520102MJY12345AG', '人社民520102000123'),
  institution('ins_demo2', '520103', '贵阳市云岩区筑匠职业培训学校（演示）', '52520103MJY67890B1', '人社民520103000456'),
];

export const institutionsStep: DemoStep = {
  name: 'institutions',
  async run({ api, world }) {
    for (const body of DEMO_INSTITUTIONS) await api.call('admin', 'POST', '/institutions', body, [409]);
    const school = await api.send<{ sites: Array<{ siteId: string }> }>('admin', 'GET', '/institutions/ins_demo');
    world.remember('DEMO_INSTITUTION_ID', 'ins_demo', 'school1 的培训机构（南明区）');
    world.remember('DEMO_SITE_ID', school.sites[0]?.siteId ?? '', 'school1 的培训场地');
  },
};
