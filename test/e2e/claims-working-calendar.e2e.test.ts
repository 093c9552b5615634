import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type ClaimView, claimReadyForPayment, type WorkingCalendarView } from '@peixun/shared';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findUser, type SeededUser } from '../../local/src/identity/users';
import { LOCAL_AWS } from '../../local/src/local-aws';
import { tableName } from '../../local/src/resource-names';
import { claimsManifest } from '../../services/claims/src/manifest';
import { useLocalRuntime, type TestResponse } from '../support/runtime';
import { approvedClass, certificateBody, idNumber, type Person, registered, skillCertificateNumber } from './fixtures/claims';

/**
 * The working calendar of the public disclosure period (公示, Art. 32; Art. 29 claims), through the
 * HTTP API against DynamoDB Local: a period reaching into a year whose calendar is not published is
 * counted Monday to Friday and says so on the public list; the admin's publication of the year
 * counts it again, once.
 */
const runtime = useLocalRuntime({ manifests: [claimsManifest] });
const WANG: Person = { user: findUser('trainee1') as SeededUser, traineeId: 'trn_wang', name: '王小明', idNumber: idNumber(31) };
const ZHOU: Person = { user: findUser('trainee2') as SeededUser, traineeId: 'trn_zhou', name: '周小红', idNumber: idNumber(43) };
const code = (response: TestResponse): unknown => (response.body as { code?: unknown }).code;
const at = (instant: string) => runtime().setClock(new Date(instant));
afterEach(() => runtime().setClock(undefined));

/** Test data standing for the State Council's notice on 2027: 元旦 1–3 January. */
const CALENDAR_2027 = {
  version: '国办发明电〔2026〕测试',
  source: '国务院办公厅关于2027年部分节假日安排的通知（测试数据）',
  holidays: ['2027-01-01', '2027-01-02', '2027-01-03'].map((date) => ({ date, name: '元旦' })),
  workingDays: [],
};

interface Entry {
  claimId: string;
  until: string;
  calendarNote?: string;
}

async function listed(claimId: string): Promise<Entry | undefined> {
  const list = await runtime().request('GET', '/disclosures');
  expect(list.status).toBe(200);
  return (list.body as { entries: Entry[] }).entries.find((entry) => entry.claimId === claimId);
}

beforeAll(async () => {
  runtime().bus.publish(registered(WANG));
  runtime().bus.publish(registered(ZHOU));
  runtime().bus.publish(approvedClass({ classId: 'cls_calendar_standards', roster: [] }));
  await runtime().bus.settled();
});

describe('the working calendar as reference data', () => {
  it('reads a bundled year without a login; a year nobody published is 404 in Chinese', async () => {
    const bundled = await runtime().request('GET', '/reference/working-calendar/2026');
    expect(bundled.status).toBe(200);
    expect(bundled.body).toMatchObject({ year: 2026, origin: 'BUNDLED', version: expect.stringMatching(/^chinese-days@/) });
    expect((bundled.body as WorkingCalendarView).holidays).toContainEqual({ date: '2026-10-01', name: '国庆节' });
    expect((bundled.body as WorkingCalendarView).workingDays).toContainEqual({ date: '2026-01-04', name: '元旦' });
    const missing = await runtime().request('GET', '/reference/working-calendar/2027');
    expect([missing.status, code(missing)]).toEqual([404, 'WORKING_CALENDAR_NOT_PUBLISHED']);
    expect((missing.body as { detail: string }).detail).toContain('2027年放假安排尚未发布');
  });

  it('only an admin publishes, and only a calendar the notice could be', async () => {
    for (const as of ['reviewer1', 'finance1', 'trainee1']) {
      expect((await runtime().request('PUT', '/reference/working-calendar/2027', { as, body: CALENDAR_2027 })).status, as).toBe(403);
    }
    const wrong = await runtime().request('PUT', '/reference/working-calendar/2027', {
      as: 'admin',
      body: { ...CALENDAR_2027, workingDays: [{ date: '2027-01-04', name: '元旦' }] },
    });
    expect([wrong.status, code(wrong)]).toEqual([422, 'WORKING_CALENDAR_INVALID']);
    expect((await runtime().request('GET', '/reference/working-calendar/2027')).status).toBe(404);
  });
});

describe('Art. 32 disclosure across 2026-12-31 into 2027', () => {
  let claimId: string;

  it('without a published 2027 calendar: counted Monday to Friday, and the public list says so', async () => {
    at('2026-12-28T10:00:00+08:00');
    const number = skillCertificateNumber(90_001, 'LEVEL_5');
    expect((await runtime().request('POST', '/certificates', { as: 'evaluator1', body: certificateBody(WANG, number, { issuedOn: '2026-11-20' }) })).status).toBe(201);
    const filed = await runtime().request('POST', '/direct-claims', { as: 'trainee1', body: { certificateNumber: number, idNumber: WANG.idNumber, insuredEmployee: false } });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    claimId = (filed.body as ClaimView).claimId;
    const approved = await runtime().request('POST', `/claims/${claimId}/decisions`, { as: 'reviewer1', body: { decision: 'APPROVE', reasons: ['符合条件'] } });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    // Tue 29, Wed 30, Thu 31 December, Fri 1 and Mon 4 January.
    expect((approved.body as ClaimView).lines[0]?.disclosure).toMatchObject({
      from: '2026-12-29',
      until: '2027-01-04',
      calendar: [{ year: 2026, basis: 'BUNDLED' }, { year: 2027, basis: 'WEEKDAYS' }],
      calendarNote: '2027年放假安排尚未发布，按周一至周五计算',
    });
    at('2026-12-29T09:00:00+08:00');
    expect(await listed(claimId)).toMatchObject({ until: '2027-01-04', calendarNote: '2027年放假安排尚未发布，按周一至周五计算' });
  });

  it('the admin publishes 2027: the open disclosure is counted again on it (New Year’s Day skipped), once however often it is sent', async () => {
    at('2026-12-30T09:00:00+08:00');
    const publish = () => runtime().request('PUT', '/reference/working-calendar/2027', { as: 'admin', body: CALENDAR_2027 });
    const first = await publish();
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ year: 2027, origin: 'PUBLISHED', version: CALENDAR_2027.version, disclosuresRederived: 1 });
    const again = await publish();
    expect([again.status, (again.body as WorkingCalendarView).disclosuresRederived]).toEqual([200, 0]);
    const corrected = await runtime().request('PUT', '/reference/working-calendar/2027', { as: 'admin', body: { ...CALENDAR_2027, holidays: CALENDAR_2027.holidays.slice(0, 1) } });
    expect([corrected.status, code(corrected)]).toEqual([409, 'WORKING_CALENDAR_VERSION_EXISTS']);
    expect((await runtime().request('GET', '/reference/working-calendar/2027')).body).toMatchObject({ origin: 'PUBLISHED', holidays: CALENDAR_2027.holidays });

    const line = ((await runtime().request('GET', `/claims/${claimId}`, { as: 'trainee1' })).body as ClaimView).lines[0];
    expect(line?.disclosure).toEqual({
      from: '2026-12-29',
      until: '2027-01-05',
      calendar: [
        { year: 2026, basis: 'BUNDLED', version: expect.stringMatching(/^chinese-days@/) },
        { year: 2027, basis: 'PUBLISHED', version: CALENDAR_2027.version },
      ],
    });
    const entry = await listed(claimId);
    expect(entry?.until).toBe('2027-01-05');
    expect(entry).not.toHaveProperty('calendarNote');
  });

  it('closes on the recounted end date: still on the list on 5 January, ready for payment after it', async () => {
    at('2027-01-05T20:00:00+08:00');
    await runtime().schedules.trigger('claims', 'close-disclosures');
    expect((await runtime().request('GET', `/claims/${claimId}`, { as: 'trainee1' })).body).toMatchObject({ lines: [{ status: 'IN_DISCLOSURE' }] });
    const ready = runtime().bus.waitFor({ source: [claimReadyForPayment.source], 'detail-type': [claimReadyForPayment.detailType], detail: { claimId: [claimId] } }, { timeoutMs: 10_000 });
    at('2027-01-06T08:00:00+08:00');
    await runtime().schedules.trigger('claims', 'close-disclosures');
    await ready;
    expect((await runtime().request('GET', `/claims/${claimId}`, { as: 'trainee1' })).body).toMatchObject({ lines: [{ status: 'READY_FOR_PAYMENT' }] });
  });
});

describe('Art. 32 disclosure: a publication whose recount did not run is caught up by the hourly schedule', () => {
  it('a line counted Monday to Friday into 2028 is recounted on the 2028 calendar before anything closes', async () => {
    at('2027-12-28T10:00:00+08:00');
    const number = skillCertificateNumber(90_002, 'LEVEL_5');
    expect((await runtime().request('POST', '/certificates', { as: 'evaluator1', body: certificateBody(ZHOU, number, { issuedOn: '2027-11-20' }) })).status).toBe(201);
    const filed = await runtime().request('POST', '/direct-claims', { as: 'trainee2', body: { certificateNumber: number, idNumber: ZHOU.idNumber, insuredEmployee: false } });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    const claimId = (filed.body as ClaimView).claimId;
    const approved = await runtime().request('POST', `/claims/${claimId}/decisions`, { as: 'reviewer1', body: { decision: 'APPROVE', reasons: ['符合条件'] } });
    // Wed 29, Thu 30, Fri 31 December 2027 (2027 as published above), Mon 3 and Tue 4 January 2028 counted Monday to Friday.
    expect((approved.body as ClaimView).lines[0]?.disclosure).toMatchObject({ until: '2028-01-04', calendarNote: '2028年放假安排尚未发布，按周一至周五计算' });

    // The publication's transaction committed, then the function died before recounting: the item is there, the line is not recounted.
    const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ ...LOCAL_AWS, endpoint: runtime().urls.dynamodb }));
    const document = { version: '2028-测试', holidays: ['2028-01-01', '2028-01-02', '2028-01-03'].map((date) => ({ date, name: '元旦' })), workingDays: [] };
    await documents.send(new PutCommand({ TableName: tableName('claims'), Item: { pk: 'WORKCAL#2028', sk: 'CURRENT', year: 2028, document, publishedAt: '2027-12-28T12:00:00+08:00', publishedBy: 'admin' } }));
    expect(((await runtime().request('GET', `/claims/${claimId}`, { as: 'trainee2' })).body as ClaimView).lines[0]?.disclosure?.until).toBe('2028-01-04');

    at('2027-12-29T10:00:00+08:00');
    await runtime().schedules.trigger('claims', 'close-disclosures');
    const recounted = ((await runtime().request('GET', `/claims/${claimId}`, { as: 'trainee2' })).body as ClaimView).lines[0];
    expect(recounted).toMatchObject({ status: 'IN_DISCLOSURE', disclosure: { from: '2027-12-29', until: '2028-01-05' } });
    expect(recounted?.disclosure?.calendar).toContainEqual({ year: 2028, basis: 'PUBLISHED', version: '2028-测试' });
    expect(recounted?.disclosure).not.toHaveProperty('calendarNote');
  });
});
