import { enrollmentManifest } from '@peixun/enrollment/manifest';
import type { ClassView, RosterImportReportView, TraineeView } from '@peixun/shared';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useLocalRuntime } from '../../../test/support/runtime';
import { registerDemoSchool } from './support/demo-school';
import { type ApplicationDocuments, uploadApplicationDocuments } from './support/document-uploads';
import { residentId } from './support/issue3-fixtures';

/**
 * Roster import (花名册, Art. 23, 27) through the gateway, binary bodies base64-encoded as the
 * HTTP API passes them: a per-row report, nothing half-imported unless asked for.
 */
const runtime = useLocalRuntime({ manifests: [enrollmentManifest] });

const HEADER = '姓名,身份证号码,手机号码,人员类别';
const registeredIds = [residentId('520102', '19900515', 501), residentId('520102', '19900515', 503), residentId('520102', '19920101', 505)];
const unregisteredId = residentId('520103', '19880808', 507);
let classId: string;

const csv = (lines: readonly string[]): Buffer => Buffer.from(`\ufeff${[HEADER, ...lines].join('\r\n')}\r\n`, 'utf8');
const line = (idNumber: string, name = '张三') => `${name},${idNumber},13812345678,农村转移就业劳动者`;
const upload = (body: Buffer, { as = 'school1', mode = 'all-or-nothing', target = classId } = {}) =>
  runtime().request('POST', `/classes/${target}/roster?mode=${mode}`, { as, body, headers: { 'content-type': 'application/octet-stream' } });
const rosterOf = async (): Promise<string[]> =>
  ((await runtime().request('GET', `/classes/${classId}`, { as: 'school1' })).body as ClassView).application.roster.map((entry) => entry.traineeId);

let traineeIds: string[];
let documents: ApplicationDocuments;

beforeAll(async () => {
  const { siteId, teacherId } = await registerDemoSchool(runtime());
  documents = await uploadApplicationDocuments(runtime(), 'school1', registeredIds.length);
  traineeIds = [];
  for (const idNumber of registeredIds) {
    const response = await runtime().request('POST', '/trainees', {
      as: 'school1',
      body: {
        idNumber,
        name: '张三',
        phone: '13812345678',
        targetGroups: ['RURAL_MIGRANT_WORKER'],
        biometricConsent: { agreed: true, agreedAt: '2026-11-26T10:00:00+08:00', noticeVersion: '2026-01' },
      },
    });
    traineeIds.push((response.body as TraineeView).traineeId);
  }
  const created = await runtime().request('POST', '/classes', {
    as: 'school1',
    body: {
      name: '2027年第1期中式烹调短期技能培训班',
      trainingType: 'EMPLOYMENT_SHORT',
      occupationCode: '4-03-02-01',
      certificates: [],
      siteId,
      materials: documents.materials,
      sessions: [{ sessionId: 'd1am', date: '2027-01-11', start: '09:00', end: '12:00', hours: 4, topic: '理论', teacherIds: [teacherId] }],
      roster: [],
    },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  classId = (created.body as ClassView).classId;
});

describe('roster import (Art. 23, 27)', () => {
  it('Art. 27: a row naming a person not registered under real name rejects the whole file by default, naming the row', async () => {
    const response = await upload(csv([line(registeredIds[0] ?? ''), line(unregisteredId, '李四')]));
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const report = response.body as RosterImportReportView;
    expect(report).toMatchObject({ outcome: 'REJECTED', importedRows: 0, totalRows: 2, invalidRows: 1 });
    expect(report.issues).toEqual([expect.objectContaining({ row: 3, column: '身份证号码', code: 'ROSTER_TRAINEE_NOT_REGISTERED' })]);
    expect(report.issues[0]?.message).toContain('李四');
    expect(await rosterOf()).toEqual([]);
  });

  it('Art. 27: a registered ID number under another person’s name is refused on its row (all-or-nothing: nothing imported; the registered name neither shown nor changed)', async () => {
    const response = await upload(csv([line(registeredIds[0] ?? ''), line(registeredIds[1] ?? '', '李四')]));
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const report = response.body as RosterImportReportView;
    expect(report).toMatchObject({ outcome: 'REJECTED', importedRows: 0, totalRows: 2, invalidRows: 1 });
    expect(report.issues).toEqual([expect.objectContaining({ row: 3, column: '姓名', code: 'ROSTER_NAME_MISMATCH' })]);
    expect(report.issues[0]?.message).toContain('李四');
    expect(report.issues[0]?.message).toMatch(/[\u4e00-\u9fff]/u);
    expect(report.issues[0]?.message).not.toContain('张三');
    expect(await rosterOf()).toEqual([]);
    const registeredPerson = await runtime().request('GET', `/trainees/${traineeIds[1] ?? ''}`, { as: 'school1' });
    expect((registeredPerson.body as TraineeView).name).toBe('张三');
  });

  it('Art. 27: a wrong ID number is reported on its row and column; nothing is imported', async () => {
    const wrong = `${(registeredIds[1] ?? '').slice(0, 17)}${(registeredIds[1] ?? '').endsWith('0') ? '1' : '0'}`;
    const report = (await upload(csv([line(registeredIds[0] ?? ''), line(wrong)]))).body as RosterImportReportView;
    expect(report.outcome).toBe('REJECTED');
    expect(report.issues).toEqual([expect.objectContaining({ row: 3, column: '身份证号码' })]);
    expect(await rosterOf()).toEqual([]);
  });

  it('imports a valid CSV file whole: the registered trainees become the draft class roster', async () => {
    const response = await upload(csv(registeredIds.map((idNumber) => line(idNumber))));
    const report = response.body as RosterImportReportView;
    expect(report).toMatchObject({ outcome: 'IMPORTED', importedRows: 3, invalidRows: 0, issues: [] });
    expect(report.importId).toMatch(/^rim_/);
    expect(await rosterOf()).toEqual(traineeIds);
  });

  it('Art. 27: with mode=valid-rows the impostor row is refused and the honest rows imported', async () => {
    const response = await upload(csv([line(registeredIds[0] ?? ''), line(registeredIds[1] ?? '', '李四')]), { mode: 'valid-rows' });
    const report = response.body as RosterImportReportView;
    expect(report).toMatchObject({ outcome: 'PARTIALLY_IMPORTED', importedRows: 1, invalidRows: 1 });
    expect(report.issues.map((issue) => issue.code)).toEqual(['ROSTER_NAME_MISMATCH']);
    expect(await rosterOf()).toEqual([traineeIds[0]]);
  });

  it('with mode=valid-rows imports the valid rows and reports the others', async () => {
    const response = await upload(csv([line(registeredIds[2] ?? ''), line(unregisteredId), 'x,,,']), { mode: 'valid-rows' });
    const report = response.body as RosterImportReportView;
    expect(report).toMatchObject({ outcome: 'PARTIALLY_IMPORTED', importedRows: 1, invalidRows: 2 });
    expect(new Set(report.issues.map((issue) => issue.row))).toEqual(new Set([3, 4]));
    expect(await rosterOf()).toEqual([traineeIds[2]]);
  });

  it('Art. 23: the same person twice in one file is reported on the second row', async () => {
    const report = (await upload(csv([line(registeredIds[0] ?? ''), line(registeredIds[0] ?? '')]))).body as RosterImportReportView;
    expect(report.outcome).toBe('REJECTED');
    expect(report.issues).toEqual([expect.objectContaining({ row: 3, code: 'ROSTER_DUPLICATE_ID_NUMBER' })]);
  });

  it('reads XLSX files sent as binary (base64 through the gateway)', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('花名册');
    sheet.addRow(['2027年第1期培训班学员花名册']);
    sheet.addRow(HEADER.split(','));
    for (const idNumber of registeredIds.slice(0, 2)) sheet.addRow(['张三', idNumber, '13812345678', '农村转移就业劳动者']);
    const body = Buffer.from(await workbook.xlsx.writeBuffer());
    const report = (await upload(body)).body as RosterImportReportView;
    expect(report).toMatchObject({ outcome: 'IMPORTED', importedRows: 2 });
    expect(await rosterOf()).toEqual(traineeIds.slice(0, 2));
  });

  it('refuses an empty upload, another institution’s staff and trainees', async () => {
    expect((await upload(Buffer.alloc(0))).body).toMatchObject({ code: 'ROSTER_FILE_MISSING' });
    const foreign = await upload(csv([line(registeredIds[0] ?? '')]), { as: 'school2' });
    expect(foreign.status).toBe(403);
    expect(foreign.body).toMatchObject({ code: 'NOT_CLASS_INSTITUTION' });
    expect((await upload(csv([line(registeredIds[0] ?? '')]), { as: 'trainee1' })).status).toBe(403);
  });

  it('Art. 9: once submitted, the roster changes only through a change request', async () => {
    expect((await upload(csv(registeredIds.map((idNumber) => line(idNumber))))).status).toBe(200);
    const submitted = await runtime().request('POST', `/classes/${classId}/submit`, { as: 'school1' });
    // The file carries no per-trainee application forms (Art. 23); they are attached by editing the draft.
    expect(JSON.stringify(submitted.body)).toContain('TRAINEE_APPLICATION_FORM_MISSING');
    const view = (await runtime().request('GET', `/classes/${classId}`, { as: 'school1' })).body as ClassView;
    const withForms = { ...view.application, roster: view.application.roster.map((entry, i) => ({ ...entry, applicationFormId: documents.forms[i] })) };
    expect((await runtime().request('PUT', `/classes/${classId}`, { as: 'school1', body: withForms })).status).toBe(200);
    expect((await runtime().request('POST', `/classes/${classId}/submit`, { as: 'school1' })).status).toBe(200);
    const locked = await upload(csv([line(registeredIds[0] ?? '')]));
    expect(locked.status).toBe(409);
    expect(locked.body).toMatchObject({ code: 'CLASS_LOCKED_USE_CHANGE_REQUEST' });
  });
});
