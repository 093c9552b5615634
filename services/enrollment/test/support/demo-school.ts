import type { TeacherView } from '@peixun/shared';
import { expect } from 'vitest';
import type { TestRuntime } from '../../../../test/support/runtime';
import { creditCode, residentId } from './issue3-fixtures';

export interface DemoSchool {
  siteId: string;
  teacherId: string;
}

/**
 * `ins_demo` (school1's institution in 南明区) with one training site, and a teacher registered for
 * it by the city reviewer: what a class opening application needs before its first rule is checked.
 */
export async function registerDemoSchool(
  runtime: TestRuntime,
  facilities: ReadonlyArray<{ name: string; quantity: number }> = [],
): Promise<DemoSchool> {
  const institution = await runtime.request('POST', '/institutions', {
    as: 'admin',
    body: {
      institutionId: 'ins_demo',
      name: '贵阳市南明区黔艺职业培训学校',
      kind: 'PRIVATE_TRAINING_SCHOOL',
      creditCode: creditCode(),
      areaCode: '520102',
      licences: [{ kind: 'SCHOOL_OPERATING_PERMIT', number: '人社民520102000123', issuedBy: '贵阳市南明区人力资源和社会保障局', validFrom: '2024-01-01', validUntil: '2030-12-31' }],
      sites: [
        { name: '南明区实训基地', address: '贵阳市南明区花果园大街1号', areaCode: '520102', floorAreaSqm: 600, capacity: 80, facilities, occupationCodes: ['4-03-02-01'] },
      ],
    },
  });
  expect(institution.status, JSON.stringify(institution.body)).toBe(201);
  const teacher = await runtime.request('POST', '/teachers', {
    as: 'reviewer1',
    body: {
      idNumber: residentId('520102', '19800101', 11),
      name: '王建国',
      institutionIds: ['ins_demo'],
      qualification: { certificateNumber: 'GZ-SZ-2026-0001', description: '职业技能等级证书（二级/技师）' },
      registration: { cityCode: '520100', approvedOn: '2026-11-01' },
    },
  });
  expect(teacher.status, JSON.stringify(teacher.body)).toBe(201);
  return {
    siteId: (institution.body as { sites: Array<{ siteId: string }> }).sites[0]?.siteId ?? '',
    teacherId: (teacher.body as TeacherView).teacherId,
  };
}
