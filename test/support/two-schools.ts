/**
 * Two tenants side by side, put in through the API as an operator would: `ins_demo` (school1) in
 * 南明区 520102, reviewed by reviewer1, and `ins_demo2` (school2) in 红花岗区 520302, reviewed by
 * reviewer2. Each has a site and a registered teacher; `approvedClass` opens, submits and approves
 * a short course for either with the session labels the caller chooses.
 */
import type { ClassApplicationBody, ClassView, TraineeView } from '@peixun/shared';
import { expect } from 'vitest';
import { type ApplicationDocuments, uploadApplicationDocuments } from '../../services/enrollment/test/support/document-uploads';
import { creditCode, residentId } from '../../services/enrollment/test/support/issue3-fixtures';
import type { TestRuntime } from './runtime';

export interface Tenant {
  /** Seeded staff login of the institution. */
  readonly staff: 'school1' | 'school2';
  /** Seeded reviewer of the area the institution's site is in. */
  readonly reviewer: 'reviewer1' | 'reviewer2';
  readonly institutionId: string;
  readonly areaCode: string;
  siteId: string;
  teacherId: string;
  /** Its uploaded application materials and a few trainee application forms (Art. 23), shared round-robin by rosters. */
  documents: ApplicationDocuments;
}

export const TENANTS: Readonly<Record<'one' | 'two', Tenant>> = {
  one: { staff: 'school1', reviewer: 'reviewer1', institutionId: 'ins_demo', areaCode: '520102', siteId: '', teacherId: '', documents: { materials: [], forms: [] } },
  two: { staff: 'school2', reviewer: 'reviewer2', institutionId: 'ins_demo2', areaCode: '520302', siteId: '', teacherId: '', documents: { materials: [], forms: [] } },
};

const CITY = { '520102': '520100', '520302': '520300' } as const;

async function registerTenant(runtime: TestRuntime, tenant: Tenant, organisation: string, teacherSequence: number): Promise<void> {
  const institution = await runtime.request('POST', '/institutions', {
    as: 'admin',
    body: {
      institutionId: tenant.institutionId,
      name: `${tenant.areaCode}示范职业培训学校`,
      kind: 'PRIVATE_TRAINING_SCHOOL',
      creditCode: creditCode(organisation),
      areaCode: tenant.areaCode,
      licences: [{ kind: 'SCHOOL_OPERATING_PERMIT', number: `人社民${tenant.areaCode}000123`, issuedBy: '人力资源和社会保障局', validFrom: '2024-01-01', validUntil: '2030-12-31' }],
      sites: [{ name: '实训基地', address: '示范路1号', areaCode: tenant.areaCode, floorAreaSqm: 600, capacity: 80, facilities: [{ name: '中式烹调工位', quantity: 40 }], occupationCodes: ['4-03-02-01'] }],
    },
  });
  expect(institution.status, JSON.stringify(institution.body)).toBe(201);
  tenant.siteId = (institution.body as { sites: Array<{ siteId: string }> }).sites[0]?.siteId ?? '';
  const teacher = await runtime.request('POST', '/teachers', {
    as: 'admin',
    body: {
      idNumber: residentId(tenant.areaCode, '19800101', teacherSequence),
      name: '王建国',
      institutionIds: [tenant.institutionId],
      qualification: { certificateNumber: `GZ-SZ-${tenant.areaCode}`, description: '职业技能等级证书（二级/技师）' },
      registration: { cityCode: CITY[tenant.areaCode as keyof typeof CITY], approvedOn: '2026-11-01' },
    },
  });
  expect(teacher.status, JSON.stringify(teacher.body)).toBe(201);
  tenant.teacherId = (teacher.body as { teacherId: string }).teacherId;
  tenant.documents = await uploadApplicationDocuments(runtime, tenant.staff, 3);
}

export async function registerTwoSchools(runtime: TestRuntime): Promise<typeof TENANTS> {
  await registerTenant(runtime, TENANTS.one, 'MJY12345A', 11);
  await registerTenant(runtime, TENANTS.two, 'MJY67890B', 13);
  return TENANTS;
}

let sequence = 500;

/** A trainee registered by the tenant's staff (or by a trainee login, `as`). */
export async function registerTrainee(runtime: TestRuntime, as: string, overrides: Record<string, unknown> = {}): Promise<TraineeView> {
  sequence += 2;
  const response = await runtime.request('POST', '/trainees', {
    as,
    body: {
      idNumber: residentId('520102', '19900515', sequence),
      name: '张三',
      phone: '13812345678',
      targetGroups: ['RURAL_MIGRANT_WORKER'],
      biometricConsent: { agreed: true, agreedAt: '2026-11-26T10:00:00+08:00', noticeVersion: '2026-01' },
      ...overrides,
    },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as TraineeView;
}

/** A one-day short course on `date` with one session per label, 09:00–10:00, 10:00–11:00, … */
export function shortCourse(tenant: Tenant, date: string, labels: readonly string[], traineeIds: readonly string[]): ClassApplicationBody {
  return {
    name: `${date}中式烹调短期技能培训班`,
    trainingType: 'EMPLOYMENT_SHORT',
    occupationCode: '4-03-02-01',
    certificates: [],
    siteId: tenant.siteId,
    materials: tenant.documents.materials,
    sessions: labels.map((label, index) => ({
      sessionId: label,
      date,
      start: `${String(9 + index).padStart(2, '0')}:00`,
      end: `${String(10 + index).padStart(2, '0')}:00`,
      hours: 1,
      topic: `第${index + 1}课`,
      teacherIds: [tenant.teacherId],
    })),
    roster: traineeIds.map((traineeId, index) => ({ traineeId, applicationFormId: tenant.documents.forms[index % tenant.documents.forms.length] })),
  };
}

/** Drafted by the tenant's staff, submitted, and approved by the tenant's reviewer. */
export async function approvedClass(runtime: TestRuntime, tenant: Tenant, body: ClassApplicationBody): Promise<ClassView> {
  const created = await runtime.request('POST', '/classes', { as: tenant.staff, body });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const { classId } = created.body as ClassView;
  const submitted = await runtime.request('POST', `/classes/${classId}/submit`, { as: tenant.staff });
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
  const approved = await runtime.request('POST', `/classes/${classId}/review`, { as: tenant.reviewer, body: { decision: 'APPROVE', reasons: ['材料齐全'] } });
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  return approved.body as ClassView;
}

/** The system's id of the session the school labelled `label`. */
export function sessionOf(view: ClassView, label: string): string {
  const session = view.sessions.find((candidate) => candidate.label === label);
  if (session === undefined) throw new Error(`No session labelled ${label} in ${view.classId}`);
  return session.sessionId;
}
