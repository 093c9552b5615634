import { existsSync, writeFileSync } from 'node:fs';
import { seedClaimsDemo } from './demo-claims';
import type { LocalRuntime } from './runtime';
import { seedPaymentDemo } from './demo-payments';

/**
 * Demo records for `npm start`, so the seeded staff can work at once: the institutions that
 * `school1` and `school2` belong to, each with a training site, and a registered teacher. They go
 * in through the public API like any admin's or reviewer's input (the rules apply to them too).
 * A marker file in the data directory skips them on later starts, which would otherwise log a
 * refusal per record; a 409 still counts as done (the marker may be lost while the data is kept).
 */
const site = (areaCode: string, name: string) => ({
  name,
  address: `贵阳市${areaCode === '520102' ? '南明区' : '云岩区'}示范路1号`,
  areaCode,
  floorAreaSqm: 600,
  capacity: 60,
  facilities: [{ name: '中式烹调工位', quantity: 30 }],
  occupationCodes: ['4-03-02-01'],
});

const licence = (areaCode: string, number: string) => ({
  kind: 'SCHOOL_OPERATING_PERMIT',
  number,
  issuedBy: areaCode === '520102' ? '贵阳市南明区人力资源和社会保障局' : '贵阳市云岩区人力资源和社会保障局',
  validFrom: '2024-01-01',
  validUntil: '2030-12-31',
});

const DEMO_INSTITUTIONS = [
  {
    institutionId: 'ins_demo',
    name: '贵阳市南明区黔艺职业培训学校（演示）',
    kind: 'PRIVATE_TRAINING_SCHOOL',
    creditCode: '52520102MJY12345AG',
    areaCode: '520102',
    licences: [licence('520102', '人社民520102000123')],
    sites: [site('520102', '南明区实训基地')],
  },
  {
    institutionId: 'ins_demo2',
    name: '贵阳市云岩区筑匠职业培训学校（演示）',
    kind: 'PRIVATE_TRAINING_SCHOOL',
    creditCode: '52520103MJY67890B1',
    areaCode: '520103',
    licences: [licence('520103', '人社民520103000456')],
    sites: [site('520103', '云岩区实训基地')],
  },
];

const DEMO_TEACHER = {
  idNumber: '520102198001010013',
  name: '王建国',
  institutionIds: ['ins_demo'],
  qualification: { certificateNumber: 'GZ-DEMO-2026-0001', description: '职业技能等级证书（二级/技师）' },
  registration: { cityCode: '520100', approvedOn: new Date().toISOString().slice(0, 10) },
};

async function post(runtime: LocalRuntime, as: string, path: string, body: unknown): Promise<void> {
  const response = await fetch(`${runtime.urls.api}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await runtime.issuer.tokenFor(as)}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok && response.status !== 409) {
    throw new Error(`演示数据写入失败 / demo data refused: POST ${path} → ${response.status} ${await response.text()}`);
  }
}

export async function seedDemoData(runtime: LocalRuntime, marker: string): Promise<'seeded' | 'already-seeded'> {
  if (existsSync(marker)) return 'already-seeded';
  for (const institution of DEMO_INSTITUTIONS) await post(runtime, 'admin', '/institutions', institution);
  await post(runtime, 'reviewer1', '/teachers', DEMO_TEACHER);
  await seedClaimsDemo(runtime);
  await seedPaymentDemo(runtime);
  writeFileSync(marker, `${new Date().toISOString()}\n`);
  return 'seeded';
}
