import { enrollmentManifest } from '@peixun/enrollment/manifest';
import { getRosterTemplateRoute, importRosterRoute, type ClassView, type RosterImportReportView, type TraineeView } from '@peixun/shared';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../../local/src/openapi';
import { useLocalRuntime } from '../../../test/support/runtime';
import { ROSTER_COLUMNS } from '../src/roster/columns';
import { registerDemoSchool } from './support/demo-school';
import { ALL_MATERIALS, residentId } from './support/issue3-fixtures';

/**
 * The roster template round trip (Art. 23): download it, put a registered trainee in place of
 * the sample row, import it; the per-trainee application form travels with the row.
 */
const runtime = useLocalRuntime({ manifests: [enrollmentManifest] });

const HEADERS = ['姓名*', '身份证号码*', '手机号码*', '人员类别*', '职业（工种）代码', '报考等级', '是否农村劳动者', '劳动合同期限（月）', '个人申请表编号'];
const trainee = { idNumber: residentId('520102', '19910303', 611), name: '王芳', phone: '13912345678' };
let classId: string;
let traineeId: string;

const download = (format: string, as = 'school1') => runtime().request('GET', `/reference/roster-template?format=${format}`, { as });
const bytesOf = async (format: string): Promise<Buffer> => {
  const response = await fetch(`${runtime().urls.api}/reference/roster-template?format=${format}`, {
    headers: { authorization: `Bearer ${await runtime().issuer.tokenFor('school1')}` },
  });
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
};
const importRoster = (body: Buffer) =>
  runtime().request('POST', `/classes/${classId}/roster`, { as: 'school1', body, headers: { 'content-type': 'application/octet-stream' } });
const rosterOf = async () => ((await runtime().request('GET', `/classes/${classId}`, { as: 'school1' })).body as ClassView).application.roster;

beforeAll(async () => {
  const { siteId, teacherId } = await registerDemoSchool(runtime());
  const registered = await runtime().request('POST', '/trainees', {
    as: 'school1',
    body: { ...trainee, targetGroups: ['RURAL_MIGRANT_WORKER'], biometricConsent: { agreed: true, agreedAt: '2026-11-26T10:00:00+08:00', noticeVersion: '2026-01' } },
  });
  traineeId = (registered.body as TraineeView).traineeId;
  const created = await runtime().request('POST', '/classes', {
    as: 'school1',
    body: {
      name: '2027年第2期中式烹调短期技能培训班',
      trainingType: 'EMPLOYMENT_SHORT',
      occupationCode: '4-03-02-01',
      certificates: [],
      siteId,
      materials: ALL_MATERIALS,
      sessions: [{ sessionId: 'tpl1', date: '2027-02-11', start: '09:00', end: '12:00', hours: 4, topic: '理论', teacherIds: [teacherId] }],
      roster: [],
    },
  });
  classId = (created.body as ClassView).classId;
});

describe('roster template (Art. 23)', () => {
  it('CSV: the exact headers, a sample row and the accepted 人员类别; filled in, it imports with the application form id', async () => {
    const downloaded = await runtime().request('GET', '/reference/roster-template?format=csv', { as: 'school1' });
    expect(downloaded.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(downloaded.headers.get('content-disposition')).toContain(encodeURIComponent('花名册模板.csv'));
    const lines = (await bytesOf('csv')).toString('utf8').replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('农村转移就业劳动者');
    expect(lines[0]).toContain('企业职工');
    expect(lines[1]?.split(',')).toEqual(HEADERS);
    expect(lines[2]).toContain('doc_0123456789abcdefghjkmnpqrs');

    // The sample person is not registered: imported as is, the row is refused by name.
    const asDownloaded = (await importRoster(await bytesOf('csv'))).body as RosterImportReportView;
    expect(asDownloaded.issues).toEqual([expect.objectContaining({ row: 3, code: 'ROSTER_TRAINEE_NOT_REGISTERED' })]);

    const filled = [lines[0], lines[1], `${trainee.name},${trainee.idNumber},${trainee.phone},农民工,4-03-02-01,五级,是,,SQB-2027-0042`].join('\r\n');
    const report = (await importRoster(Buffer.from(`\uFEFF${filled}\r\n`, 'utf8'))).body as RosterImportReportView;
    expect(report).toMatchObject({ outcome: 'IMPORTED', importedRows: 1 });
    expect(await rosterOf()).toEqual([expect.objectContaining({ traineeId, applicationFormId: 'SQB-2027-0042', ruralLabourer: true })]);
  });

  it('XLSX: the roster sheet has the same headers with ID numbers as text and a sheet of 人员类别; filled in, it imports', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(await bytesOf('xlsx')).buffer);
    const [roster, groups] = workbook.worksheets;
    if (roster === undefined || groups === undefined) throw new Error('the template has a roster sheet and a 人员类别 sheet');
    expect((roster.getRow(1).values as unknown[]).slice(1)).toEqual(HEADERS);
    expect(typeof roster.getRow(2).getCell(2).value).toBe('string');
    expect(groups.getColumn(1).values).toEqual(expect.arrayContaining(['农村转移就业劳动者', '企业职工']));

    const sample = roster.getRow(2);
    sample.getCell(1).value = trainee.name;
    sample.getCell(2).value = trainee.idNumber;
    sample.getCell(3).value = trainee.phone;
    sample.getCell(9).value = 'SQB-2027-0043';
    const report = (await importRoster(Buffer.from(new Uint8Array(await workbook.xlsx.writeBuffer())))).body as RosterImportReportView;
    expect(report).toMatchObject({ outcome: 'IMPORTED', importedRows: 1 });
    expect((await rosterOf())[0]).toMatchObject({ traineeId, applicationFormId: 'SQB-2027-0043' });
  });

  it('trainees cannot download it; an unknown format is 400', async () => {
    expect((await download('csv', 'trainee1')).status).toBe(403);
    expect((await download('pdf')).status).toBe(400);
  });

  it('the API reference documents the roster file body and the template download', () => {
    const document = buildOpenApiDocument([enrollmentManifest], 'http://127.0.0.1:3000');
    const upload = document.paths[importRosterRoute.path]?.post?.requestBody;
    expect(Object.keys(upload?.content ?? {})).toContain('text/csv');
    for (const column of Object.values(ROSTER_COLUMNS).filter((c) => c.required)) expect(upload?.description).toContain(column.header);
    const template = document.paths[getRosterTemplateRoute.path]?.get?.responses['200']?.content;
    expect(Object.keys(template ?? {})).toEqual(['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);
  });
});
