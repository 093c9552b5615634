import { enrollmentManifest } from '@peixun/enrollment/manifest';
import type { ClassView } from '@peixun/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { type TestResponse, useLocalRuntime } from '../../../test/support/runtime';
import { registerDemoSchool } from './support/demo-school';
import { ALL_MATERIALS, creditCode, residentId } from './support/issue3-fixtures';

/**
 * The inputs fuzzing turned into 500s (issue 13), through the HTTP API against DynamoDB Local:
 * each is now refused with a 400 and a code before it reaches the store.
 */
const runtime = useLocalRuntime({ manifests: [enrollmentManifest] });

let siteId: string;
let teacherId: string;

const codesOf = (response: TestResponse): string[] => {
  const problem = response.body as { code?: string; errors?: Array<{ code: string }> };
  return [problem.code ?? '', ...(problem.errors ?? []).map((error) => error.code)];
};
const cursorOf = (key: Record<string, unknown>): string => Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');

function classBody(roster: Array<{ traineeId: string }>, overrides: Record<string, unknown> = {}) {
  return {
    name: '中式烹调短期技能培训班',
    trainingType: 'EMPLOYMENT_SHORT',
    occupationCode: '4-03-02-01',
    certificates: [],
    siteId,
    materials: ALL_MATERIALS,
    sessions: [{ sessionId: 'd1am', date: '2027-03-01', start: '09:00', end: '12:00', hours: 4, topic: '理论', teacherIds: [teacherId] }],
    roster,
    ...overrides,
  };
}

beforeAll(async () => {
  ({ siteId, teacherId } = await registerDemoSchool(runtime()));
});

describe('class list cursors are checked before they reach DynamoDB', () => {
  it('GET /classes?cursor=e30 (`{}`) answers 400 INVALID_CURSOR, not 500', async () => {
    const response = await runtime().request('GET', '/classes?cursor=e30', { as: 'school1' });
    expect(response.status, JSON.stringify(response.body)).toBe(400);
    expect(codesOf(response)).toContain('INVALID_CURSOR');
  });

  it("refuses a cursor naming another institution's partition or not a class, and takes one of the caller's own", async () => {
    const created = await runtime().request('POST', '/classes', { as: 'school1', body: classBody([]) });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { classId } = created.body as ClassView;
    const own = { pk: `CLASS#${classId}`, sk: 'CLASS', gsi1pk: 'INSTITUTION#ins_demo', gsi1sk: `CLASS#${classId}` };

    const page = await runtime().request('GET', `/classes?cursor=${cursorOf(own)}`, { as: 'school1' });
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    expect((page.body as { classes: unknown[] }).classes).toEqual([]);

    for (const forged of [
      { ...own, gsi1pk: 'INSTITUTION#ins_demo2' },
      { ...own, pk: 'TRAINEE#trn_x', sk: 'SCHEDULE' },
      { ...own, gsi1sk: 'CLASS#../../etc' },
      { ...own, extra: 'x' },
      { pk: { S: 'x' }, sk: 'CLASS', gsi1pk: 'INSTITUTION#ins_demo', gsi1sk: `CLASS#${classId}` },
    ]) {
      const response = await runtime().request('GET', `/classes?cursor=${cursorOf(forged)}`, { as: 'school1' });
      expect(response.status, JSON.stringify(forged)).toBe(400);
      expect(codesOf(response)).toContain('INVALID_CURSOR');
    }
    const notBase64 = await runtime().request('GET', `/classes?cursor=${encodeURIComponent('{"pk":1}')}`, { as: 'school1' });
    expect(notBase64.status).toBe(400);
  });
});

describe('every input is bounded before it reaches the store', () => {
  it('a teacher approved on 9999-12-31 (valid until year 10000) is refused: DATE_OUT_OF_RANGE', async () => {
    const response = await runtime().request('POST', '/teachers', {
      as: 'reviewer1',
      body: {
        idNumber: residentId('520102', '19800101', 21),
        name: '李建华',
        institutionIds: ['ins_demo'],
        qualification: { certificateNumber: 'GZ-SZ-2026-0099', description: '职业技能等级证书（二级/技师）' },
        registration: { cityCode: '520100', approvedOn: '9999-12-31' },
      },
    });
    expect(response.status, JSON.stringify(response.body)).toBe(400);
    expect(codesOf(response)).toContain('DATE_OUT_OF_RANGE');
  });

  it('a site of 9007199254740993 m² (not a safe number) is refused', async () => {
    const response = await runtime().request('POST', '/institutions', {
      as: 'admin',
      body: {
        institutionId: 'ins_huge',
        name: '贵阳市南明区巨大职业培训学校',
        kind: 'PRIVATE_TRAINING_SCHOOL',
        creditCode: creditCode('MJY12345C'),
        areaCode: '520102',
        licences: [{ kind: 'SCHOOL_OPERATING_PERMIT', number: '人社民520102000999', issuedBy: '贵阳市南明区人力资源和社会保障局', validFrom: '2024-01-01' }],
        sites: [{ name: '实训基地', address: '贵阳市南明区花果园大街2号', areaCode: '520102', floorAreaSqm: 9007199254740993, capacity: 80, facilities: [], occupationCodes: ['4-03-02-01'] }],
      },
    });
    expect(response.status, JSON.stringify(response.body)).toBe(400);
    expect(codesOf(response)).toContain('VALIDATION_FAILED');
  });

  it('a 1 MB occupation code (an item over 400 KB) is refused', async () => {
    const response = await runtime().request('POST', '/projects', {
      as: 'reviewer1',
      body: { year: 2027, areaCode: '520102', trainingType: 'EMPLOYMENT_LONG_TERM', occupationCode: 'x'.repeat(1_000_000), headcount: 20, fundsFen: 1_000_000, caseByCase: false },
    });
    expect(response.status).toBe(400);
    expect(codesOf(response)).toContain('VALIDATION_FAILED');
  });

  it('a roster trainee id of 70,000 characters (a key over 2,048 bytes) is refused', async () => {
    const response = await runtime().request('POST', '/classes', { as: 'school1', body: classBody([{ traineeId: `trn_${'a'.repeat(70_000)}` }]) });
    expect(response.status).toBe(400);
    expect(codesOf(response)).toContain('VALIDATION_FAILED');
  });
});
