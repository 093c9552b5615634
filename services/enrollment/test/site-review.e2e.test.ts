import { enrollmentManifest } from '@peixun/enrollment/manifest';
import type { ClassView, TraineeView } from '@peixun/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { useLocalRuntime, type TestResponse } from '../../../test/support/runtime';
import { registerDemoSchool } from './support/demo-school';
import { type ApplicationDocuments, uploadApplicationDocuments } from './support/document-uploads';
import { residentId } from './support/issue3-fixtures';

/**
 * Art. 9 (谁审批、谁监管) with Art. 7(2): school1's institution is in 南明区 (520102); a site it
 * adds in 云岩区 (520103) waits for the office there (reviewer3) before a class may use it.
 */
const runtime = useLocalRuntime({ manifests: [enrollmentManifest] });

let teacherId: string;
let traineeId: string;
let documents: ApplicationDocuments;

const site = (areaCode: string, name: string) => ({
  name,
  address: `贵阳市示范路${areaCode}号`,
  areaCode,
  floorAreaSqm: 300,
  capacity: 40,
  facilities: [{ name: '中式烹调工位', quantity: 20 }],
  occupationCodes: ['4-03-02-01'],
});
const addSite = (body: ReturnType<typeof site>) => runtime().request('POST', '/institutions/ins_demo/sites', { as: 'school1', body });
const review = (siteId: string, as: string, decision: 'APPROVE' | 'REJECT', reasons: string[] = []) =>
  runtime().request('POST', `/institutions/ins_demo/sites/${siteId}/review`, { as, body: { decision, reasons } });
const codeOf = (response: TestResponse) => (response.body as { code?: string }).code;
const ruleCodes = (response: TestResponse) => ((response.body as { errors?: Array<{ code: string }> }).errors ?? []).map((error) => error.code);

async function submitClassOn(siteId: string, date: string): Promise<TestResponse> {
  const created = await runtime().request('POST', '/classes', {
    as: 'school1',
    body: {
      name: `${date}中式烹调短期技能培训班`,
      trainingType: 'EMPLOYMENT_SHORT',
      occupationCode: '4-03-02-01',
      certificates: [],
      siteId,
      materials: documents.materials,
      sessions: [{ sessionId: `s${date}`, date, start: '09:00', end: '12:00', hours: 4, topic: '理论', teacherIds: [teacherId] }],
      roster: [{ traineeId, applicationFormId: documents.forms[0] }],
    },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return runtime().request('POST', `/classes/${(created.body as ClassView).classId}/submit`, { as: 'school1' });
}

beforeAll(async () => {
  ({ teacherId } = await registerDemoSchool(runtime()));
  documents = await uploadApplicationDocuments(runtime(), 'school1', 1);
  const trainee = await runtime().request('POST', '/trainees', {
    as: 'school1',
    body: {
      idNumber: residentId('520102', '19900515', 701),
      name: '刘洋',
      phone: '13812345678',
      targetGroups: ['RURAL_MIGRANT_WORKER'],
      biometricConsent: { agreed: true, agreedAt: '2026-11-26T10:00:00+08:00', noticeVersion: '2026-01' },
    },
  });
  traineeId = (trainee.body as TraineeView).traineeId;
});

describe('a site outside the institution’s county (Art. 7(2), 9)', () => {
  it('in its own county a school adds a site that needs no review', async () => {
    const added = await addSite(site('520102', '南明区二号场地'));
    expect(added.status).toBe(201);
    expect(added.body).not.toHaveProperty('review');
  });

  it('outside it the site waits for review, and a class on it is refused with SITE_NOT_APPROVED', async () => {
    const added = await addSite(site('520103', '云岩区分校'));
    expect(added).toMatchObject({ status: 201, body: { review: { status: 'PENDING' } } });
    const siteId = (added.body as { siteId: string }).siteId;
    const refused = await submitClassOn(siteId, '2027-03-08');
    expect(refused.status).toBe(422);
    expect(ruleCodes(refused)).toContain('SITE_NOT_APPROVED');

    expect(codeOf(await review(siteId, 'reviewer1', 'APPROVE'))).toBe('REVIEWER_OUTSIDE_AREA');
    expect((await review(siteId, 'school1', 'APPROVE')).status).toBe(403);
    expect(codeOf(await review(siteId, 'reviewer3', 'REJECT'))).toBe('REASONS_REQUIRED');
    expect(await review(siteId, 'reviewer3', 'APPROVE')).toMatchObject({ status: 200, body: { review: { status: 'APPROVED', decidedBy: expect.any(String) } } });
    expect(codeOf(await review(siteId, 'reviewer3', 'REJECT', ['重复审核']))).toBe('SITE_REVIEW_NOT_PENDING');

    const accepted = await submitClassOn(siteId, '2027-03-15');
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
  });

  it('a site an administrator enters anywhere needs no review', async () => {
    const added = await runtime().request('POST', '/institutions/ins_demo/sites', { as: 'admin', body: site('520103', '云岩区实训中心') });
    expect(added.status).toBe(201);
    expect(added.body).not.toHaveProperty('review');
  });
});
