import { attendanceRecorded, attendanceSummarized, type ClaimView, classCompleted, institutionRegistered, recordingMissing } from '@peixun/shared';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findUser, type SeededUser } from '../../local/src/identity/users';
import { claimsManifest } from '../../services/claims/src/manifest';
import { useLocalRuntime, type TestResponse } from '../support/runtime';
import { approvedClass, certificateBody, idNumber, masked, type Person, registered, skillCertificateNumber } from './fixtures/claims';
import { deliver, SYSTEM_ACTOR } from './fixtures/enrollment-events';

/** Art. 18, 22 按证补贴: a school's training-subsidy claim per completed class, judged line by line. */
const runtime = useLocalRuntime({ manifests: [claimsManifest] });
const code = (response: TestResponse): unknown => (response.body as { code?: unknown }).code;
const trainee1 = findUser('trainee1') as SeededUser;
const people: Person[] = ['王一', '王二', '王三', '王四'].map((name, i) => ({ user: trainee1, traineeId: `trn_t${i}`, name, idNumber: idNumber(300 + i) }));
const CLASS_ID = 'cls_training_claim';
const closing = { classId: CLASS_ID, classVersion: 1, institutionId: 'ins_demo', approvingAreaCode: '520102', at: '2025-06-10T18:00:00+08:00', by: SYSTEM_ACTOR, reasons: [], rosterTraineeIds: people.map((p) => p.traineeId) };

beforeAll(async () => {
  runtime().setClock(new Date('2025-07-01T10:00:00+08:00'));
  runtime().bus.publish(approvedClass({ classId: CLASS_ID, roster: people.map((p) => ({ traineeId: p.traineeId, name: p.name, idNumberMasked: masked(p.idNumber) })) }));
  await deliver(runtime().bus, institutionRegistered, {
    institutionId: 'ins_demo',
    name: '黔艺职业培训学校',
    kind: 'PRIVATE_TRAINING_SCHOOL',
    creditCode: '52520102MJY12345AG',
    areaCode: '520102',
    sites: [],
    registeredAt: '2025-01-01T10:00:00+08:00',
    registeredBy: 'admin',
  });
  // 王一, 王二: certificates after the start; 王三: certificate before the class started; 王四: none.
  for (const [i, issuedOn] of [[0, '2025-06-12'], [1, '2025-06-12'], [2, '2025-04-01']] as const) {
    const person = people[i] as Person;
    const response = await runtime().request('POST', '/certificates', { as: 'evaluator1', body: certificateBody(person, skillCertificateNumber(5_000 + i, 'LEVEL_5'), { issuedOn }) });
    expect(response.status).toBe(201);
  }
  const rate = (traineeId: string, ratePercent: number) => ({ traineeId, sessionsTotal: 10, sessionsByFace: ratePercent / 10, sessionsByManual: 0, ratePercent, completed: ratePercent >= 80 });
  await deliver(runtime().bus, attendanceSummarized, {
    classId: CLASS_ID,
    classVersion: 1,
    institutionId: 'ins_demo',
    approvingAreaCode: '520102',
    thresholdPercent: 80,
    trainees: [rate('trn_t0', 100), rate('trn_t1', 70), rate('trn_t2', 90), rate('trn_t3', 90)],
    summarizedAt: '2025-06-10T18:00:00+08:00',
  });
  await deliver(runtime().bus, attendanceRecorded, { recordId: 'att_1', classId: CLASS_ID, sessionId: `${CLASS_ID}_s1`, traineeId: 'trn_t0', kind: 'MANUAL', method: 'MANUAL', at: '2025-05-06T09:00:00+08:00' });
  await deliver(runtime().bus, recordingMissing, {
    sessionId: `${CLASS_ID}_s1`,
    classId: CLASS_ID,
    institutionId: 'ins_demo',
    approvingAreaCode: '520102',
    sessionStartsAt: '2025-05-06T09:00:00+08:00',
    sessionEndsAt: '2025-05-06T12:00:00+08:00',
    graceHours: 24,
    detectedAt: '2025-05-08T09:00:00+08:00',
  });
  people.forEach((person) => runtime().bus.publish(registered({ ...person, user: { ...trainee1, sub: `sub_${person.traineeId}` } })));
  await runtime().bus.settled();
});
afterEach(() => runtime().setClock(new Date('2025-07-01T10:00:00+08:00')));

describe('Art. 18, 22: training subsidy per class', () => {
  it('Art. 18: a claim before Class.Completed is refused', async () => {
    const response = await runtime().request('POST', `/classes/${CLASS_ID}/training-claims`, { as: 'school1' });
    expect([response.status, code(response)]).toEqual([409, 'CLAIM_CLASS_NOT_COMPLETED']);
  });

  it('Art. 18, 22, 24, 27: one line per roster trainee, each decided with its rule, article and reason; warnings do not refuse', async () => {
    await deliver(runtime().bus, classCompleted, closing);
    expect((await runtime().request('POST', `/classes/${CLASS_ID}/training-claims`, { as: 'school2' })).status).toBe(403);
    const response = await runtime().request('POST', `/classes/${CLASS_ID}/training-claims`, { as: 'school1' });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    const claim = response.body as ClaimView;
    const line = (traineeId: string) => claim.lines.find((candidate) => candidate.traineeId === traineeId);
    expect(line('trn_t0')).toMatchObject({ status: 'IN_REVIEW', amountFen: 100_000, refusals: [] });
    expect(line('trn_t0')?.warnings.map((w) => w.rule).sort()).toEqual(['MANUAL_ATTENDANCE', 'RECORDING_MISSING']);
    expect(line('trn_t1')?.refusals.map((r) => r.rule)).toEqual(['ATTENDANCE_BELOW_THRESHOLD']);
    expect(line('trn_t2')?.refusals.map((r) => r.rule)).toEqual(['CERTIFICATE_REQUIRED']);
    expect(line('trn_t3')?.refusals[0]).toMatchObject({ rule: 'CERTIFICATE_REQUIRED', article: '第十八条、第二十二条' });
    expect(claim.totalEligibleFen).toBe(100_000);
    expect(claim.payeeName).toBe('黔艺职业培训学校');

    const again = await runtime().request('POST', `/classes/${CLASS_ID}/training-claims`, { as: 'school1' });
    expect([again.status, code(again)]).toEqual([409, 'CLAIM_ALREADY_FILED']);
  });

  it('Art. 29: a certificate that takes the institution’s training subsidy cannot also pay the person a direct subsidy', async () => {
    const person = people[0] as Person;
    const claims = await runtime().request('GET', '/claims', { as: 'school1' });
    expect((claims.body as { claims: unknown[] }).claims).toHaveLength(1);
    const token = (await runtime().issuer.issue({ ...trainee1, username: 'wangyi', sub: `sub_${person.traineeId}` })).idToken;
    const response = await runtime().request('POST', '/direct-claims', {
      headers: { authorization: `Bearer ${token}` },
      body: { certificateNumber: skillCertificateNumber(5_000, 'LEVEL_5'), idNumber: person.idNumber, insuredEmployee: false },
    });
    expect([response.status, code(response)]).toEqual([409, 'CLAIM_ALREADY_SUBSIDISED']);
  });

  it('per-line decisions: approving a line twice is refused; a line not in review cannot be decided', async () => {
    const list = await runtime().request('GET', '/claims', { as: 'reviewer1' });
    const claimId = (list.body as { claims: Array<{ claimId: string; classId?: string }> }).claims.find((c) => c.classId === CLASS_ID)?.claimId;
    const approve = (lineIds: string[]) => runtime().request('POST', `/claims/${claimId}/decisions`, { as: 'reviewer1', body: { decision: 'APPROVE', reasons: ['证书、考勤相符'], lineIds } });
    const approved = await approve(['line_trn_t0']);
    expect(approved.status).toBe(200);
    expect((approved.body as ClaimView).lines.find((l) => l.lineId === 'line_trn_t0')?.status).toBe('IN_DISCLOSURE');
    expect(code(await approve(['line_trn_t0']))).toBe('CLAIM_NOT_IN_REVIEW');
    expect(code(await approve(['line_trn_t1']))).toBe('CLAIM_NOT_IN_REVIEW');
    expect(code(await approve(['line_nobody']))).toBe('CLAIM_LINE_UNKNOWN');
  });

  it('Art. 29 public disclosure: an objection holds the line; upheld, it is rejected and leaves the list', async () => {
    runtime().setClock(new Date('2025-07-02T10:00:00+08:00'));
    const list = await runtime().request('GET', '/disclosures');
    const entry = (list.body as { entries: Array<{ claimId: string; lineId: string; name: string; institutionName?: string }> }).entries.find((e) => e.lineId === 'line_trn_t0');
    expect(entry).toMatchObject({ name: '王*', institutionName: '黔艺职业培训学校' });
    const objection = await runtime().request('POST', `/disclosures/${entry?.claimId}/lines/line_trn_t0/objections`, { body: { reason: '该学员未实际参加培训', contact: '13800000000' } });
    expect(objection.status, JSON.stringify(objection.body)).toBe(201);
    const objectionId = (objection.body as { objectionId: string }).objectionId;
    const resolved = await runtime().request('POST', `/claims/${entry?.claimId}/lines/line_trn_t0/objections/${objectionId}/resolution`, {
      as: 'reviewer1',
      body: { outcome: 'UPHELD', reason: '经核实该学员未到课' },
    });
    expect(resolved.status).toBe(200);
    const line = (resolved.body as ClaimView).lines.find((l) => l.lineId === 'line_trn_t0');
    expect(line).toMatchObject({ status: 'REJECTED', objections: [{ status: 'UPHELD' }] });
    expect(JSON.stringify(resolved.body)).not.toContain('13800000000');
    const after = await runtime().request('GET', '/disclosures');
    expect((after.body as { entries: Array<{ lineId: string }> }).entries.some((e) => e.lineId === 'line_trn_t0')).toBe(false);
  });
});
