/**
 * Attendance and the class lifecycle, end to end: cancelled classes and sessions refuse
 * attendance with their own codes, and the completion threshold is the class's own. Enrollment's
 * events are put on the local bus as enrollment would publish them; everything else goes through
 * the HTTP API. The manual path is used where no face is needed, so these tests stay fast.
 */
import { attendanceManifest } from '@peixun/attendance/manifest';
import { attendanceSummarized, classApproved, classCancelled, classCompleted, traineeRegistered } from '@peixun/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { SEEDED_USERS } from '../../local/src/identity/users';
import { useLocalRuntime, type TestResponse } from '../support/runtime';
import { classSnapshot, deliver, shanghaiIn, SYSTEM_ACTOR, traineeRegistration } from './fixtures/enrollment-events';

const runtime = useLocalRuntime({ manifests: [attendanceManifest] });

const subOf = (username: string): string => SEEDED_USERS.find((user) => user.username === username)?.sub ?? '';
const codeOf = (response: TestResponse): string | undefined => (response.body as { code?: string }).code;

const TRAINEE = 'trn_lifecycle';
const CANCELLED_CLASS = 'cls_lc_cancelled';
const OWN_THRESHOLD_CLASS = 'cls_lc_threshold';

const manual = (sessionId: string, as = 'school1'): Promise<TestResponse> =>
  runtime().request('POST', `/sessions/${sessionId}/manual-records`, { as, body: { traineeId: TRAINEE, reason: '设备故障，现场核验身份证' } });

async function confirmManual(sessionId: string): Promise<void> {
  const recorded = await manual(sessionId);
  expect(recorded.status).toBe(201);
  const { recordId } = recorded.body as { recordId: string };
  const decided = await runtime().request('POST', `/manual-records/${recordId}/decision`, { as: 'reviewer1', body: { decision: 'CONFIRM', reason: '已核实' } });
  expect(decided.status).toBe(200);
}

function approve(classId: string, classVersion: number, sessionIds: string[], completionAttendancePercent: number) {
  const snapshot = classSnapshot({ classId, classVersion, sessions: sessionIds.map((sessionId) => ({ sessionId, startsInMinutes: -10, minutes: 30 })), traineeIds: [TRAINEE] });
  return deliver(runtime().bus, classApproved, { class: { ...snapshot, completionAttendancePercent }, approvedAt: shanghaiIn(0), approvedBy: SYSTEM_ACTOR, reasons: [] });
}

function closing(classId: string, classVersion: number) {
  return { classId, classVersion, institutionId: 'ins_demo', approvingAreaCode: '520102', at: shanghaiIn(0), by: SYSTEM_ACTOR, reasons: ['培训机构申请取消'], rosterTraineeIds: [TRAINEE] };
}

async function summaryOf(classId: string) {
  const event = await runtime().bus.waitFor({ ...attendanceSummarized.pattern, detail: { classId: [classId] } });
  return event.detail as { thresholdPercent: number; trainees: Array<{ traineeId: string; ratePercent: number; completed: boolean }> };
}

beforeAll(async () => {
  await deliver(runtime().bus, traineeRegistered, traineeRegistration(TRAINEE, { sub: subOf('school1'), role: 'institution', institutionId: 'ins_demo' }));
});

describe('Class.Cancelled', () => {
  it('a cancelled class takes no attendance on any of its sessions: 409 CLASS_CANCELLED with a Chinese message', async () => {
    await approve(CANCELLED_CLASS, 1, ['ses_lc_c1'], 80);
    await deliver(runtime().bus, classCancelled, closing(CANCELLED_CLASS, 2));
    const response = await manual('ses_lc_c1');
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ code: 'CLASS_CANCELLED', title: '班次已取消' });
    const checkIn = await runtime().request('POST', '/sessions/ses_lc_c1/check-ins', { as: 'school1', body: { photo: 'AAAA', traineeId: TRAINEE, deviceId: 'kiosk-lc' } });
    expect(codeOf(checkIn)).toBe('CLASS_CANCELLED');
  });

  it('a late, repeated approval of an older or the same version does not reopen the cancelled class', async () => {
    await approve(CANCELLED_CLASS, 1, ['ses_lc_c1'], 80);
    await approve(CANCELLED_CLASS, 2, ['ses_lc_c1'], 80);
    expect(codeOf(await manual('ses_lc_c1'))).toBe('CLASS_CANCELLED');
  });

  it('a cancellation that arrives before the approval still wins', async () => {
    await deliver(runtime().bus, classCancelled, closing('cls_lc_early', 3));
    await approve('cls_lc_early', 1, ['ses_lc_e1'], 80);
    expect(codeOf(await manual('ses_lc_e1'))).toBe('CLASS_CANCELLED');
  });
});

describe('Attendance.Summarized uses the class\'s own completion threshold', () => {
  it('a class approved with 50 % completes a trainee who attended half the sessions', async () => {
    await approve(OWN_THRESHOLD_CLASS, 1, ['ses_lc_t1', 'ses_lc_t2'], 50);
    await confirmManual('ses_lc_t1');
    const classView = await runtime().request('GET', `/classes/${OWN_THRESHOLD_CLASS}/attendance`, { as: 'school1' });
    expect(classView.body).toMatchObject({ thresholdPercent: 50, trainees: [{ traineeId: TRAINEE, ratePercent: 50, completed: true }] });
    await deliver(runtime().bus, classCompleted, closing(OWN_THRESHOLD_CLASS, 2));
    const summary = await summaryOf(OWN_THRESHOLD_CLASS);
    expect(summary).toMatchObject({ thresholdPercent: 50, trainees: [{ traineeId: TRAINEE, ratePercent: 50, completed: true }] });
  });

  it('the same attendance against a class approved with 80 % is not completed', async () => {
    await approve('cls_lc_default', 1, ['ses_lc_d1', 'ses_lc_d2'], 80);
    await confirmManual('ses_lc_d1');
    await deliver(runtime().bus, classCompleted, closing('cls_lc_default', 2));
    expect(await summaryOf('cls_lc_default')).toMatchObject({ thresholdPercent: 80, trainees: [{ ratePercent: 50, completed: false }] });
  });

  it('a class never seen with a snapshot falls back to the configured default (80 %)', async () => {
    await deliver(runtime().bus, classCompleted, closing('cls_lc_unseen', 2));
    expect(await summaryOf('cls_lc_unseen')).toMatchObject({ thresholdPercent: 80, trainees: [{ ratePercent: 0, completed: false }] });
  });
});
