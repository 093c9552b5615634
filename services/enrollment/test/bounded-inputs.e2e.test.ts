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

  it('pages with signed cursors bound to the caller and the filter: the next page follows, an edited, forged or borrowed cursor is refused', async () => {
    const created: string[] = [];
    for (let batch = 0; batch < 11; batch += 1) {
      const answers = await Promise.all(Array.from({ length: 5 }, () => runtime().request('POST', '/classes', { as: 'school1', body: classBody([]) })));
      for (const answer of answers) {
        expect(answer.status, JSON.stringify(answer.body)).toBe(201);
        created.push((answer.body as ClassView).classId);
      }
    }
    const first = await runtime().request('GET', '/classes', { as: 'school1' });
    expect(first.status).toBe(200);
    const { classes, nextCursor } = first.body as { classes: Array<{ classId: string }>; nextCursor?: string };
    expect(classes).toHaveLength(50);
    expect(nextCursor).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    const cursor = nextCursor ?? '';
    const second = await runtime().request('GET', `/classes?cursor=${cursor}`, { as: 'school1' });
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    const rest = (second.body as { classes: Array<{ classId: string }> }).classes.map((each) => each.classId);
    expect(rest.length).toBeGreaterThan(0);
    expect(rest.filter((id) => classes.some((shown) => shown.classId === id))).toEqual([]);
    expect(new Set([...classes.map((each) => each.classId), ...rest])).toEqual(new Set([...classes.map((each) => each.classId), ...rest, ...created]));

    const [payload, signature] = cursor.split('.');
    const key = JSON.parse(Buffer.from(Buffer.from(payload ?? '', 'base64url').toString('utf8'), 'base64url').toString('utf8')) as Record<string, string>;
    const edited = cursorOf({ ...key, gsi1pk: 'INSTITUTION#ins_demo2' });
    const refused = [
      runtime().request('GET', `/classes?cursor=${cursor}&status=DRAFT`, { as: 'school1' }),
      runtime().request('GET', `/classes?cursor=${cursor}`, { as: 'school2' }),
      runtime().request('GET', `/classes?cursor=${Buffer.from(edited).toString('base64url')}.${signature}`, { as: 'school1' }),
      runtime().request('GET', `/classes?cursor=${cursorOf(key)}`, { as: 'school1' }),
      runtime().request('GET', `/classes?cursor=${cursorOf(key)}.${'A'.repeat(43)}`, { as: 'school1' }),
    ];
    for (const response of await Promise.all(refused)) {
      expect(response.status, JSON.stringify(response.body)).toBe(400);
      expect(codesOf(response)).toContain('INVALID_CURSOR');
    }
  }, 120_000);
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
