import { enrollmentManifest } from '@peixun/enrollment/manifest';
import type { ClassView, DocumentRead, DocumentView, TraineeView } from '@peixun/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ApiCall, samplePdf, uploadApplicationForms, uploadDocument, uploadMaterials } from '../../local/src/demo/documents';
import { registerDemoSchool } from '../../services/enrollment/test/support/demo-school';
import { residentId } from '../../services/enrollment/test/support/issue3-fixtures';
import { type TestResponse, useLocalRuntime } from '../support/runtime';

/**
 * Application documents through the HTTP API, against DynamoDB Local and the S3 emulator: a class
 * opening application (Art. 9, 23) names real uploads of its own school, checked by their bytes,
 * opened by the school and the area's reviewers, every opening logged.
 */
const runtime = useLocalRuntime({ manifests: [enrollmentManifest] });

const as =
  (user: string): ApiCall =>
  (method, path, body) =>
    runtime().request(method, path, { as: user, ...(body === undefined ? {} : { body }) });
const school1 = as('school1');

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
/** A Windows program's first bytes ("MZ"), renamed to .pdf by the uploader. */
const EXE = Buffer.concat([Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00]), Buffer.alloc(120)]);
/** The EICAR anti-virus test file, appended to an otherwise valid PDF (assembled so that no scanner quarantines this source). */
const EICAR = Buffer.from(['X5O!P%@AP[4\\PZX54(P^)7CC)7}$', 'EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'].join(''), 'latin1');

const codeOf = (response: { body: unknown }) => (response.body as { code?: string }).code;
const violations = (response: TestResponse) => ((response.body as { errors?: Array<{ code: string; path?: string; message: string }> }).errors ?? []);

let teacherId: string;
let siteId: string;
let traineeId: string;
let materials: Array<{ kind: string; documentId: string }>;
let formId: string;

const classBody = (date: string, overrides: { materials?: typeof materials; applicationFormId?: string } = {}) => ({
  name: `${date}中式烹调短期技能培训班`,
  trainingType: 'EMPLOYMENT_SHORT',
  occupationCode: '4-03-02-01',
  certificates: [],
  siteId,
  materials: overrides.materials ?? materials,
  sessions: [{ sessionId: 's1', date, start: '09:00', end: '12:00', hours: 3, topic: '理论', teacherIds: [teacherId] }],
  roster: [{ traineeId, applicationFormId: overrides.applicationFormId ?? formId }],
});

async function createAndSubmit(body: ReturnType<typeof classBody>): Promise<{ classId: string; submitted: TestResponse }> {
  const created = await runtime().request('POST', '/classes', { as: 'school1', body });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const classId = (created.body as ClassView).classId;
  return { classId, submitted: await runtime().request('POST', `/classes/${classId}/submit`, { as: 'school1' }) };
}

beforeAll(async () => {
  ({ teacherId, siteId } = await registerDemoSchool(runtime()));
  const trainee = await runtime().request('POST', '/trainees', {
    as: 'school1',
    body: {
      idNumber: residentId('520102', '19900515', 731),
      name: '刘洋',
      phone: '13812345678',
      targetGroups: ['RURAL_MIGRANT_WORKER'],
      biometricConsent: { agreed: true, agreedAt: '2026-11-26T10:00:00+08:00', noticeVersion: '2026-01' },
    },
  });
  traineeId = (trainee.body as TraineeView).traineeId;
  materials = await uploadMaterials(school1);
  [formId] = (await uploadApplicationForms(school1, 1)) as [string];
});

describe('uploading an application document (Art. 23)', () => {
  it('Art. 23: a real PDF is stored under the school, checked, and completing it again answers the same', async () => {
    const bytes = samplePdf('Teaching plan, 2027');
    const { documentId, completion } = await uploadDocument(school1, { kind: 'TEACHING_PLAN', fileName: '教学计划.pdf', bytes });
    expect(completion.status, JSON.stringify(completion.body)).toBe(200);
    expect(completion.body).toMatchObject({ documentId, institutionId: 'ins_demo', kind: 'TEACHING_PLAN', status: 'AVAILABLE', size: bytes.length });
    const again = await school1('POST', `/documents/${documentId}/complete`);
    expect(again).toMatchObject({ status: 200, body: completion.body as object });
  });

  it('Art. 23: a PNG declared as a PDF is refused by its bytes, and stays refused', async () => {
    const { documentId, completion } = await uploadDocument(school1, { kind: 'SITE_PROOF', fileName: '场地证明.pdf', bytes: PNG });
    expect(completion.status).toBe(422);
    expect(completion.body).toMatchObject({ code: 'DOCUMENT_TYPE_MISMATCH', detail: expect.stringContaining('文件内容是PNG') });
    expect(codeOf(await school1('POST', `/documents/${documentId}/complete`))).toBe('DOCUMENT_TYPE_MISMATCH');
    const read = await school1('GET', `/documents/${documentId}`);
    expect(read.body).toMatchObject({ status: 'REJECTED', rejection: { code: 'DOCUMENT_TYPE_MISMATCH' } });
    expect(read.body).not.toHaveProperty('url');
  });

  it('Art. 23: a program renamed to .pdf is refused: its bytes are no PDF, JPEG or PNG', async () => {
    const { completion } = await uploadDocument(school1, { kind: 'EQUIPMENT_LIST', fileName: 'setup.exe.pdf', bytes: EXE });
    expect(completion).toMatchObject({ status: 422, body: { code: 'DOCUMENT_TYPE_NOT_ALLOWED' } });
  });

  it('Art. 23: the EICAR test file inside a PDF is rejected by the virus scan', async () => {
    const { completion } = await uploadDocument(school1, { kind: 'OPENING_FORM', fileName: '开班申请表.pdf', bytes: Buffer.concat([samplePdf('infected'), EICAR]) });
    expect(completion).toMatchObject({ status: 422, body: { code: 'DOCUMENT_MALWARE_FOUND', detail: expect.stringContaining('EICAR') } });
  });

  it('Art. 23: more than 20 MB is refused before any upload, and a file larger than declared at completion', async () => {
    const tooBig = await school1('POST', '/documents', { kind: 'TEACHING_PLAN', fileName: 'scan.pdf', contentType: 'application/pdf', size: 20 * 1024 * 1024 + 1 });
    expect(tooBig.status).toBe(400);
    expect(codeOf(tooBig)).toBe('VALIDATION_FAILED');
    const { completion } = await uploadDocument(school1, { kind: 'TEACHING_PLAN', fileName: 'scan.pdf', bytes: samplePdf('bigger than declared'), declaredSize: 100 });
    // The S3 emulator does not check signatures; in AWS the signed content-length refuses the PUT itself.
    expect(codeOf(completion)).toBe('DOCUMENT_SIZE_MISMATCH');
  });

  it('completing before the file arrived leaves the document waiting', async () => {
    const created = await school1('POST', '/documents', { kind: 'TEACHING_PLAN', fileName: 'later.pdf', contentType: 'application/pdf', size: 1000 });
    const { documentId } = created.body as DocumentView;
    expect(codeOf(await school1('POST', `/documents/${documentId}/complete`))).toBe('DOCUMENT_NOT_UPLOADED');
    expect((await school1('GET', `/documents/${documentId}`)).body).toMatchObject({ status: 'PENDING' });
  });
});

describe('a class application names uploaded documents (Art. 9, 23)', () => {
  it('Art. 9, 23: with its uploaded materials and application form a class is submitted', async () => {
    const { submitted } = await createAndSubmit(classBody('2027-04-01'));
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    expect((submitted.body as ClassView).status).toBe('SUBMITTED');
  });

  it('Art. 23: a made-up document id is refused at its field', async () => {
    const fake = materials.map((material, index) => (index === 1 ? { ...material, documentId: 'doc_made_up_plan' } : material));
    const { submitted } = await createAndSubmit(classBody('2027-04-02', { materials: fake, applicationFormId: 'SQB-2027-0001' }));
    expect(submitted.status).toBe(422);
    expect(violations(submitted).map((v) => [v.code, v.path])).toEqual([
      ['DOCUMENT_NOT_USABLE', 'materials[1].documentId'],
      ['DOCUMENT_NOT_USABLE', 'roster[0].applicationFormId'],
    ]);
  });

  it("Art. 23: another school's uploaded document is refused like one that does not exist", async () => {
    const [theirs] = await uploadMaterials(as('school2'));
    const borrowed = materials.map((material) => (material.kind === theirs?.kind ? theirs : material));
    const { submitted } = await createAndSubmit(classBody('2027-04-03', { materials: borrowed }));
    expect(submitted.status).toBe(422);
    expect(violations(submitted)).toEqual([expect.objectContaining({ code: 'DOCUMENT_NOT_USABLE', path: 'materials[0].documentId', message: expect.stringContaining('不是本机构上传的文件') })]);
  });

  it('Art. 23: a material as a trainee application form, and a refused upload, are refused', async () => {
    const { documentId: refused } = await uploadDocument(school1, { kind: 'OPENING_FORM', fileName: 'x.pdf', bytes: EXE });
    const withRefused = materials.map((material) => (material.kind === 'OPENING_FORM' ? { ...material, documentId: refused } : material));
    const { submitted } = await createAndSubmit(classBody('2027-04-04', { materials: withRefused, applicationFormId: materials[1]?.documentId ?? '' }));
    expect(violations(submitted).map((v) => v.path)).toEqual(['materials[0].documentId', 'roster[0].applicationFormId']);
    expect(violations(submitted)[0]?.message).toContain('未通过上传检查');
  });
});

describe('opening a document (Art. 9: the approving office reviews the materials)', () => {
  it("the school and its area's reviewer open it, every opening is logged, and the link serves the file", async () => {
    const bytes = samplePdf('Opening form for review');
    const { documentId } = await uploadDocument(school1, { kind: 'OPENING_FORM', fileName: '开班申请表.pdf', bytes });
    const bySchool = await school1('GET', `/documents/${documentId}`);
    expect(bySchool.status).toBe(200);
    const byReviewer = await as('reviewer1')('GET', `/documents/${documentId}`);
    expect(byReviewer.status).toBe(200);
    const read = byReviewer.body as DocumentRead;
    expect(read.views.map((view) => view.viewer)).toEqual(['reviewer1', 'school1']);
    expect(read.views[0]).toMatchObject({ role: 'reviewer', at: expect.stringMatching(/\+08:00$/) });
    const file = await fetch(read.url ?? '');
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer())).toEqual(bytes);
  });

  it("a reviewer of another area and another school cannot open it, also naming one of the school's classes", async () => {
    const { classId } = await createAndSubmit(classBody('2027-04-05'));
    const documentId = materials[0]?.documentId ?? '';
    expect((await as('reviewer2')('GET', `/documents/${documentId}`)).status).toBe(403);
    expect((await as('reviewer2')('GET', `/documents/${documentId}?classId=${classId}`)).status).toBe(403);
    expect((await as('school2')('GET', `/documents/${documentId}`)).status).toBe(403);
    const views = ((await school1('GET', `/documents/${documentId}`)).body as DocumentRead).views;
    expect(views.map((view) => view.viewer)).not.toContain('reviewer2');
  });
});
