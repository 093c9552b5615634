import { type ClaimView, claimReadyForPayment, paymentFailed, paymentSettled } from '@peixun/shared';
import ExcelJS from 'exceljs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findUser, type SeededUser } from '../../local/src/identity/users';
import { claimsManifest } from '../../services/claims/src/manifest';
import { useLocalRuntime, type TestResponse } from '../support/runtime';
import { approvedClass, certificateBody, idNumber, type Person, registered, skillCertificateNumber } from './fixtures/claims';
import { deliver } from './fixtures/enrollment-events';

/**
 * Art. 29 direct certificate subsidy through the HTTP API against DynamoDB Local: every rule,
 * and the ones that must hold under concurrency proven by racing requests.
 */
const runtime = useLocalRuntime({ manifests: [claimsManifest] });
const user = (name: string): SeededUser => findUser(name) as SeededUser;
const ZHANG: Person = { user: user('trainee1'), traineeId: 'trn_zhang', name: '张三丰', idNumber: idNumber(11) };
const LI: Person = { user: user('trainee2'), traineeId: 'trn_li', name: '李四', idNumber: idNumber(23) };
const OCCUPATIONS = ['4-03-02-01', '4-03-02-02', '4-03-02-03', '4-03-02-04', '4-03-02-05', '4-03-02-06', '4-03-02-07'];
const code = (response: TestResponse): unknown => (response.body as { code?: unknown }).code;
let serial = 1_000;

beforeAll(async () => {
  runtime().bus.publish(registered(ZHANG));
  runtime().bus.publish(registered(LI));
  runtime().bus.publish(approvedClass({ classId: 'cls_standards', roster: [] }, OCCUPATIONS));
  await runtime().bus.settled();
});
afterEach(() => runtime().setClock(undefined));
const at = (instant: string) => runtime().setClock(new Date(instant));

async function certificate(person: Person, overrides: Record<string, unknown> = {}): Promise<string> {
  const level = (overrides.level as 'LEVEL_5' | 'LEVEL_4' | 'LEVEL_3' | undefined) ?? 'LEVEL_5';
  const number = skillCertificateNumber((serial += 1), level);
  const response = await runtime().request('POST', '/certificates', { as: 'evaluator1', body: certificateBody(person, number, overrides) });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return number;
}

const claim = (person: Person, certificateNumber: string, extra: Record<string, unknown> = {}) =>
  runtime().request('POST', '/direct-claims', { as: person.user.username, body: { certificateNumber, idNumber: person.idNumber, insuredEmployee: false, ...extra } });

describe('certificates registry', () => {
  it('a 职业技能等级证书 number whose 16th character disagrees with the level is refused, naming the position', async () => {
    at('2025-07-01T10:00:00+08:00');
    const number = skillCertificateNumber(1, 'LEVEL_4');
    const response = await runtime().request('POST', '/certificates', { as: 'evaluator1', body: certificateBody(ZHANG, number, { level: 'LEVEL_5' }) });
    expect(response.status).toBe(422);
    expect(code(response)).toBe('CERTIFICATE_NUMBER_INVALID');
    expect((response.body as { detail: string }).detail).toContain('第 16 位');
  });

  it('a 职业资格证书 number has its level at the 11th digit; a special-ability certificate needs its issuing body', async () => {
    at('2025-07-01T10:00:00+08:00');
    const wrongQualification = await runtime().request('POST', '/certificates', { as: 'evaluator1', body: certificateBody(ZHANG, '5201020000400001', { level: 'LEVEL_5' }) });
    expect((wrongQualification.body as { detail: string }).detail).toContain('第 11 位');
    const noIssuer = await runtime().request('POST', '/certificates', {
      as: 'evaluator1',
      body: certificateBody(ZHANG, 'ZX-2025-0001', { level: 'SPECIAL_ABILITY', issuingBody: undefined }),
    });
    expect(code(noIssuer)).toBe('CERTIFICATE_ISSUER_REQUIRED');
    const qualification = await runtime().request('POST', '/certificates', { as: 'evaluator1', body: certificateBody(LI, '5201020000500001', { occupationCode: '4-03-02-07' }) });
    expect(qualification.status).toBe(201);
  });

  it('the same certificate number twice is refused by the database, and a future issue date is refused', async () => {
    at('2025-07-01T10:00:00+08:00');
    const number = await certificate(LI, { occupationCode: '4-03-02-06' });
    const again = await runtime().request('POST', '/certificates', { as: 'evaluator1', body: certificateBody(ZHANG, number) });
    expect([again.status, code(again)]).toEqual([409, 'CERTIFICATE_NUMBER_TAKEN']);
    const future = await runtime().request('POST', '/certificates', { as: 'evaluator1', body: certificateBody(ZHANG, skillCertificateNumber(9, 'LEVEL_5'), { issuedOn: '2025-07-02' }) });
    expect([future.status, code(future)]).toEqual([422, 'CERTIFICATE_DATE_IN_FUTURE']);
  });

  it('only evaluation bodies and admins record certificates', async () => {
    const response = await runtime().request('POST', '/certificates', { as: 'trainee1', body: certificateBody(ZHANG, skillCertificateNumber(7, 'LEVEL_5')) });
    expect(response.status).toBe(403);
  });
});

describe('Art. 29: direct certificate subsidy', () => {
  it('Art. 29: a claim on the last day of the year after issue is accepted; the day after is refused', async () => {
    at('2025-06-01T10:00:00+08:00');
    const onTime = await certificate(ZHANG, { occupationCode: OCCUPATIONS[0], issuedOn: '2024-06-01' });
    const late = await certificate(LI, { occupationCode: OCCUPATIONS[0], issuedOn: '2024-05-31' });
    const accepted = await claim(ZHANG, onTime);
    expect(accepted.status).toBe(201);
    // The one line is eligible: the claim's eligible total is its amount (the lists show that total).
    expect(accepted.body).toMatchObject({ totalEligibleFen: 100_000, lines: [{ amountFen: 100_000, status: 'IN_REVIEW' }] });
    const refused = await claim(LI, late);
    expect([refused.status, code(refused)]).toEqual([422, 'CLAIM_PAST_DEADLINE']);
  });

  it('Art. 29: over a leap day, a certificate of 29 February may be claimed until 28 February of the next year', async () => {
    at('2024-03-01T10:00:00+08:00');
    const leap = await certificate(LI, { occupationCode: OCCUPATIONS[1], issuedOn: '2024-02-29' });
    at('2025-03-01T00:30:00+08:00');
    expect(code(await claim(LI, leap))).toBe('CLAIM_PAST_DEADLINE');
    at('2025-02-28T23:30:00+08:00');
    expect((await claim(LI, leap)).status).toBe(201);
  });

  it('Art. 29: an insured enterprise employee is routed to the skill-upgrade subsidy with its own code', async () => {
    at('2025-07-01T10:00:00+08:00');
    const number = await certificate(LI, { occupationCode: OCCUPATIONS[2] });
    const response = await claim(LI, number, { insuredEmployee: true });
    expect([response.status, code(response)]).toEqual([422, 'CLAIM_ROUTE_TO_SKILL_UPGRADE']);
    expect((response.body as { detail: string }).detail).toContain('技能提升补贴');
  });

  it('Art. 29: only the holder claims; someone else with the number is refused', async () => {
    at('2025-07-01T10:00:00+08:00');
    const number = await certificate(LI, { occupationCode: OCCUPATIONS[3] });
    const response = await runtime().request('POST', '/direct-claims', { as: 'trainee1', body: { certificateNumber: number, idNumber: LI.idNumber, insuredEmployee: false } });
    expect([response.status, code(response)]).toEqual([403, 'CERTIFICATE_NOT_HOLDER']);
  });

  it('Art. 29: 20 concurrent claims for one certificate → exactly 1 accepted, the others refused as already subsidised', async () => {
    at('2025-07-01T10:00:00+08:00');
    const number = await certificate(LI, { occupationCode: OCCUPATIONS[4] });
    const responses = await Promise.all(Array.from({ length: 20 }, () => claim(LI, number)));
    expect(responses.filter((response) => response.status === 201)).toHaveLength(1);
    expect(responses.filter((response) => code(response) === 'CLAIM_ALREADY_SUBSIDISED')).toHaveLength(19);
  });

  it('Art. 29: 6 concurrent claims of 6 different certificates by one person → exactly 3 accepted (limit per policy period)', async () => {
    // A fresh period (2026–2027) for 张三, whose 2024–2025 count already holds one claim.
    at('2026-07-01T10:00:00+08:00');
    const numbers = [];
    for (const occupationCode of OCCUPATIONS.slice(1, 7)) numbers.push(await certificate(ZHANG, { occupationCode, issuedOn: '2026-06-15' }));
    const responses = await Promise.all(numbers.map((number) => claim(ZHANG, number)));
    expect(responses.filter((response) => response.status === 201)).toHaveLength(3);
    expect(responses.filter((response) => code(response) === 'CLAIM_LIMIT_REACHED')).toHaveLength(3);
  });
});

describe('Art. 29: a higher level held blocks a lower one', () => {
  it('a lower level cannot be claimed after a higher one is recorded', async () => {
    at('2025-07-01T10:00:00+08:00');
    await certificate(LI, { occupationCode: OCCUPATIONS[5], level: 'LEVEL_4' });
    const lower = await certificate(LI, { occupationCode: OCCUPATIONS[5], level: 'LEVEL_5' });
    const response = await claim(LI, lower);
    expect([response.status, code(response)]).toEqual([409, 'CLAIM_HIGHER_LEVEL_HELD']);
  });
});

describe('review, disclosure and payment of a direct claim', () => {
  let claimId: string;
  let lower: string;

  it('a higher-level certificate recorded while a lower claim is in review blocks its approval', async () => {
    at('2025-07-01T10:00:00+08:00');
    // 李四's earlier claims used two of his three; this one is his third.
    lower = await certificate(LI, { occupationCode: '4-03-02-01', level: 'LEVEL_5', issuedOn: '2025-06-20' });
    const filed = await claim(LI, lower);
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    claimId = (filed.body as ClaimView).claimId;
    await certificate(LI, { occupationCode: '4-03-02-01', level: 'LEVEL_4', issuedOn: '2025-06-25' });
    const approval = await runtime().request('POST', `/claims/${claimId}/decisions`, { as: 'reviewer1', body: { decision: 'APPROVE', reasons: ['材料齐全'] } });
    expect([approval.status, code(approval)]).toEqual([409, 'CLAIM_HIGHER_LEVEL_HELD']);
  });

  it('a reviewer of another area may not decide; rejection records who and when and frees the person’s count', async () => {
    at('2025-07-02T10:00:00+08:00');
    const outside = await runtime().request('POST', `/claims/${claimId}/decisions`, { as: 'reviewer2', body: { decision: 'REJECT', reasons: ['x'] } });
    expect([outside.status, code(outside)]).toEqual([403, 'CLAIM_OUTSIDE_AREA']);
    const rejected = await runtime().request('POST', `/claims/${claimId}/decisions`, { as: 'reviewer1', body: { decision: 'REJECT', reasons: ['已取得更高等级证书'] } });
    expect(rejected.status).toBe(200);
    const view = rejected.body as ClaimView;
    expect(view.lines[0]?.status).toBe('REJECTED');
    expect(view.decisions[0]).toMatchObject({ decision: 'REJECT', by: 'reviewer1', lineIds: ['line_1'] });
  });

  it('an approved claim is published for 5 working days with masked data, cannot be approved twice, and becomes payable after the period', async () => {
    at('2025-09-26T10:00:00+08:00');
    const number = await certificate(LI, { occupationCode: OCCUPATIONS[6], issuedOn: '2025-09-01' });
    const filed = await claim(LI, number);
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    const id = (filed.body as ClaimView).claimId;
    const decide = () => runtime().request('POST', `/claims/${id}/decisions`, { as: 'reviewer1', body: { decision: 'APPROVE', reasons: ['符合条件'] } });
    const [first, second] = await Promise.all([decide(), decide()]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const approved = (first.status === 200 ? first : second).body as ClaimView;
    // Published 2025-09-26 (Fri): 9-28 (Sun) is an adjusted working day, 10-1…10-8 the National Day holiday.
    expect(approved.lines[0]?.disclosure).toEqual({ from: '2025-09-28', until: '2025-10-10', calendar: [{ year: 2025, basis: 'BUNDLED', version: expect.stringMatching(/^chinese-days@/) }] });

    at('2025-09-29T10:00:00+08:00');
    const list = await runtime().request('GET', '/disclosures');
    expect(list.status).toBe(200);
    const entry = (list.body as { entries: Array<Record<string, unknown>> }).entries.find((candidate) => candidate.claimId === id);
    expect(entry).toMatchObject({ name: '李*', idNumber: `${LI.idNumber.slice(0, 6)}********${LI.idNumber.slice(-4)}`, amountFen: 100_000 });

    const ready = runtime().bus.waitFor({ source: [claimReadyForPayment.source], 'detail-type': [claimReadyForPayment.detailType], detail: { claimId: [id] } }, { timeoutMs: 10_000 });
    at('2025-10-10T20:00:00+08:00');
    await runtime().schedules.trigger('claims', 'close-disclosures');
    expect((await runtime().request('GET', `/claims/${id}`, { as: 'trainee2' })).body).toMatchObject({ lines: [{ status: 'IN_DISCLOSURE' }] });
    at('2025-10-11T08:00:00+08:00');
    await runtime().schedules.trigger('claims', 'close-disclosures');
    const event = await ready;
    expect(event.detail).toMatchObject({ paymentKey: id, lineId: 'line_1', subsidyKind: 'DIRECT_CERTIFICATE_SUBSIDY', payee: { kind: 'TRAINEE', traineeId: LI.traineeId }, amountFen: 100_000, areaCode: '520102' });

    // Payment outcomes arrive twice and out of order: the settlement stands.
    const ref = { paymentKey: id, claimId: id, lineId: 'line_1', batchId: 'bat_1', paymentLineId: 'pl_1', amountFen: 100_000 };
    await deliver(runtime().bus, paymentSettled, { ...ref, settledAt: '2025-10-13T10:00:00+08:00' });
    await deliver(runtime().bus, paymentFailed, { ...ref, reasonCode: 'AC04', reason: '账户已销户', failedAt: '2025-10-12T10:00:00+08:00' });
    await deliver(runtime().bus, paymentSettled, { ...ref, settledAt: '2025-10-13T10:00:00+08:00' });
    const own = await runtime().request('GET', `/claims/${id}`, { as: 'trainee2' });
    expect((own.body as ClaimView).lines[0]).toMatchObject({ status: 'PAID', payment: { outcome: 'SETTLED', batchId: 'bat_1' } });
    expect((await runtime().request('GET', `/claims/${id}`, { as: 'trainee1' })).status).toBe(403);
  });
});

describe('batch imports', () => {
  const csv = (rows: string[][]) => Buffer.from(rows.map((row) => row.join(',')).join('\r\n'), 'utf8');
  const header = ['证书编号', '身份证号', '姓名', '职业编码', '职业名称', '等级', '发证日期', '发证机构'];
  const row = (number: string, level = '五级') => [number, LI.idNumber, LI.name, '4-03-02-03', '中式烹调师', level, '2025-06-01', '贵州省职业技能鉴定指导中心'];
  const upload = (path: string, as: string, body: Buffer) =>
    runtime().request('POST', path, { as, body, headers: { 'content-type': 'text/csv' } });

  it('evaluation results by CSV: all-or-nothing imports nothing when a row is wrong; valid-rows imports the good rows', async () => {
    at('2025-07-01T10:00:00+08:00');
    const good = skillCertificateNumber(60_001, 'LEVEL_5');
    const wrongDigit = skillCertificateNumber(60_002, 'LEVEL_4');
    const file = csv([header, row(good), row(wrongDigit), row(good)]);
    const strict = await upload('/certificates/imports?mode=all-or-nothing', 'evaluator1', file);
    expect(strict.status, JSON.stringify(strict.body)).toBe(200);
    expect(strict.body).toMatchObject({ imported: 0, refused: 3 });
    expect((await runtime().request('GET', `/certificates/${good}`, { as: 'reviewer1' })).status).toBe(404);
    const lenient = await upload('/certificates/imports?mode=valid-rows', 'evaluator1', file);
    const report = lenient.body as { imported: number; rows: Array<{ row: number; ok: boolean; problems: string[] }> };
    expect(report.imported).toBe(1);
    expect(report.rows.find((r) => r.row === 3)?.problems[0]).toContain('第 16 位');
    expect(report.rows.find((r) => r.row === 4)?.problems).toEqual(['文件中证书编号重复。']);
    expect((await runtime().request('GET', `/certificates/${good}`, { as: 'reviewer1' })).status).toBe(200);
  });

  it('evaluation results by XLSX, and an unreadable file is refused with a stable code', async () => {
    at('2025-07-01T10:00:00+08:00');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('评价结果');
    sheet.addRow(header);
    sheet.addRow(row(skillCertificateNumber(60_010, 'LEVEL_4'), '四级'));
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    const response = await runtime().request('POST', '/certificates/imports?mode=valid-rows', { as: 'evaluator1', body: xlsx, headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } });
    expect(response.body).toMatchObject({ imported: 1, refused: 0 });
    const broken = await upload('/certificates/imports', 'evaluator1', Buffer.from('只有一列\r\n1'));
    expect([broken.status, code(broken)]).toEqual([422, 'IMPORT_FILE_UNREADABLE']);
  });

  it('Art. 29: a skill-upgrade subsidy already paid (imported list) blocks the direct subsidy of that occupation and level', async () => {
    at('2025-07-01T10:00:00+08:00');
    const list = csv([
      ['身份证号', '姓名', '职业编码', '等级', '发放日期'],
      [ZHANG.idNumber, ZHANG.name, '4-03-02-01', '四级', '2025-03-01'],
    ]);
    const imported = await upload('/skill-upgrade-subsidies/imports', 'admin', list);
    expect(imported.body).toMatchObject({ imported: 1 });
    const number = await certificate(ZHANG, { occupationCode: '4-03-02-01', level: 'LEVEL_4' });
    const response = await claim(ZHANG, number);
    expect([response.status, code(response)]).toEqual([409, 'CLAIM_ALREADY_SUBSIDISED']);
  });

  it('Art. 22: a self-declared certificate (from outside the province) counts only after a reviewer verified it against the uploaded scan', async () => {
    at('2026-03-02T10:00:00+08:00');
    const number = skillCertificateNumber(61_000, 'LEVEL_5');
    const declared = await runtime().request('POST', '/certificates/declarations', {
      as: 'trainee2',
      body: { ...certificateBody(LI, number, { occupationCode: OCCUPATIONS[3], issuedOn: '2026-02-20', issuingBody: '广东省某评价机构' }), scan: { contentType: 'application/pdf', size: 9 }, obtainedOutsideProvince: true },
    });
    expect(declared.status, JSON.stringify(declared.body)).toBe(201);
    const { scanUpload, status } = declared.body as { status: string; scanUpload: { url: string; contentType: string } };
    expect(status).toBe('PENDING_VERIFICATION');
    expect(code(await claim(LI, number))).toBe('CERTIFICATE_NOT_VERIFIED');
    // The holder lists it as pending; it waits in the queue of the holder's area only.
    const listed = async (as: string) => ((await runtime().request('GET', '/certificates', { as })).body as { certificates: Array<{ certificateNumber: string; status: string; scanUrl?: string }> }).certificates;
    expect((await listed('trainee2')).find((c) => c.certificateNumber === number)).toMatchObject({ status: 'PENDING_VERIFICATION' });
    expect((await listed('trainee1')).map((c) => c.certificateNumber)).not.toContain(number);
    expect((await listed('reviewer1')).find((c) => c.certificateNumber === number)?.scanUrl).toMatch(/^http/);
    expect((await listed('reviewer2')).map((c) => c.certificateNumber)).not.toContain(number);
    const verify = () => runtime().request('POST', `/certificates/${number}/verification`, { as: 'reviewer1', body: { decision: 'VERIFY', reason: '扫描件与全国证书查询结果一致' } });
    expect(code(await verify())).toBe('CERTIFICATE_SCAN_MISSING');
    const put = await fetch(scanUpload.url, { method: 'PUT', body: '%PDF-1.4\n', headers: { 'content-type': scanUpload.contentType } });
    expect(put.status).toBe(200);
    const scanUrl = ((await runtime().request('GET', `/certificates/${number}`, { as: 'reviewer1' })).body as { scanUrl?: string }).scanUrl;
    expect(await (await fetch(scanUrl ?? '')).text()).toBe('%PDF-1.4\n');
    expect((await verify()).body).toMatchObject({ status: 'VERIFIED', verification: { by: 'reviewer1' } });
    expect(code(await verify())).toBe('CERTIFICATE_NOT_PENDING');
    expect((await listed('reviewer1')).map((c) => c.certificateNumber)).not.toContain(number);
    expect((await listed('trainee2')).find((c) => c.certificateNumber === number)).toMatchObject({ status: 'VERIFIED' });
    expect((await claim(LI, number)).status).toBe(201);
  });
});

/**
 * A direct claim is judged on one read: the account link's copy of the trainee and the standard
 * this instance read last. The transaction confirms both; a copy gone stale sends the claim
 * through again on the items, so neither an acceptance nor a refusal ever rests on a stale copy.
 */
describe('Art. 29: copies a direct claim is judged on', () => {
  it('a trainee corrected after the login was linked: judged on the item, whichever name the certificate bears', async () => {
    at('2025-07-01T10:00:00+08:00');
    const person: Person = { user: user('trainee-copy-stale'), traineeId: 'trn_copy_stale', name: '周七', idNumber: idNumber(57) };
    runtime().bus.publish(registered(person));
    await runtime().bus.settled();
    // The same record registered again by a school, under a corrected name: the login's copy still says 周七.
    const correction = registered({ ...person, name: '周七七' });
    (correction.detail as { registeredBy: unknown }).registeredBy = { sub: 'school-sub', role: 'institution', institutionId: 'ins_demo' };
    runtime().bus.publish(correction);
    await runtime().bus.settled();

    const corrected = await claim(person, await certificate({ ...person, name: '周七七' }, { occupationCode: OCCUPATIONS[0] }));
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(201);
    expect((corrected.body as ClaimView).payeeName).toBe('周七七');
    const asCopied = await claim(person, await certificate(person, { occupationCode: OCCUPATIONS[1] }));
    expect([asCopied.status, code(asCopied)]).toEqual([403, 'CERTIFICATE_NOT_HOLDER']);
  });

  it('a standard changed after this instance read it: the next claim is paid the standard in force', async () => {
    at('2025-07-01T10:00:00+08:00');
    const occupationCode = '4-03-02-08';
    const first: Person = { user: user('trainee-standard-1'), traineeId: 'trn_standard_1', name: '吴八', idNumber: idNumber(61) };
    const second: Person = { user: user('trainee-standard-2'), traineeId: 'trn_standard_2', name: '郑九', idNumber: idNumber(67) };
    runtime().bus.publish(registered(first));
    runtime().bus.publish(registered(second));
    runtime().bus.publish(approvedClass({ classId: 'cls_standard_before', roster: [] }, [occupationCode]));
    await runtime().bus.settled();
    const before = await claim(first, await certificate(first, { occupationCode }));
    expect(before.status, JSON.stringify(before.body)).toBe(201);
    expect((before.body as ClaimView).totalEligibleFen).toBe(100_000);

    // A later approval carries a new catalogue's standard for the same occupation and level.
    const raised = approvedClass({ classId: 'cls_standard_after', roster: [] }, [occupationCode]);
    const detail = raised.detail as { approvedAt: string; class: { catalogueVersion: string; certificates: Array<{ level: string; subsidyFen: number }> } };
    detail.approvedAt = '2025-06-15T10:00:00+08:00';
    detail.class.catalogueVersion = '2025b';
    for (const certificate of detail.class.certificates) if (certificate.level === 'LEVEL_5') certificate.subsidyFen = 120_000;
    runtime().bus.publish(raised);
    await runtime().bus.settled();
    const after = await claim(second, await certificate(second, { occupationCode }));
    expect(after.status, JSON.stringify(after.body)).toBe(201);
    expect((after.body as ClaimView).totalEligibleFen).toBe(120_000);
    expect((after.body as ClaimView).lines[0]?.amountFen).toBe(120_000);
  });
});
