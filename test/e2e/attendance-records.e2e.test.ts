/**
 * Attendance records end to end: the projection from enrollment's events (repeated and out of
 * order), the non-face fallback with a reviewer's confirmation, attendance rates and who may see
 * them, and the summary sent when a class completes.
 */
import { attendanceManifest } from '@peixun/attendance/manifest';
import {
  attendanceRecorded,
  attendanceSummarized,
  classApproved,
  classCompleted,
  sessionCancelled,
  traineeEnrolled,
  traineeRegistered,
  traineeWithdrawn,
} from '@peixun/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { SEEDED_USERS } from '../../local/src/identity/users';
import { FRANCK, photo } from '../../services/attendance/test/support/face-fixtures';
import { useLocalRuntime, type TestResponse } from '../support/runtime';
import { classSnapshot, deliver, envelopeOf, shanghaiIn, SYSTEM_ACTOR, traineeRegistration } from './fixtures/enrollment-events';

const runtime = useLocalRuntime({ manifests: [attendanceManifest] });

const subOf = (username: string): string => SEEDED_USERS.find((user) => user.username === username)?.sub ?? '';
const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
const codeOf = (response: TestResponse): string | undefined => (response.body as { code?: string }).code;

const CLASS = 'cls_e2e_rates';
const FRANCK_ID = 'trn_franck_r';
const AUDREY_ID = 'trn_audrey_r';
const LEAVER_ID = 'trn_leaver_r';
const SESSIONS = ['ses_r1', 'ses_r2', 'ses_r3', 'ses_r4', 'ses_r5'];

function approvedSnapshot(classVersion: number, traineeIds: string[]) {
  return classSnapshot({
    classId: CLASS,
    classVersion,
    sessions: SESSIONS.map((sessionId) => ({ sessionId, startsInMinutes: -10, minutes: 30 })),
    traineeIds,
  });
}

const manual = (sessionId: string, traineeId: string, as = 'school1'): Promise<TestResponse> =>
  runtime().request('POST', `/sessions/${sessionId}/manual-records`, { as, body: { traineeId, reason: '学员面部受伤包扎，无法刷脸，现场核验身份证' } });

beforeAll(async () => {
  const bus = runtime().bus;
  const registeredBy = { sub: subOf('school1'), role: 'institution', institutionId: 'ins_demo' };
  await deliver(bus, traineeRegistered, traineeRegistration(FRANCK_ID, { sub: subOf('trainee1'), role: 'trainee' }));
  for (const traineeId of [AUDREY_ID, LEAVER_ID]) await deliver(bus, traineeRegistered, traineeRegistration(traineeId, registeredBy));
  await deliver(bus, classApproved, { class: approvedSnapshot(1, [FRANCK_ID, AUDREY_ID, LEAVER_ID]), approvedAt: shanghaiIn(0), approvedBy: SYSTEM_ACTOR, reasons: [] });
});

describe('projection from enrollment events', () => {
  it('a later withdrawal wins over a late, older enrolment of the same trainee (highest class version kept)', async () => {
    const bus = runtime().bus;
    await deliver(bus, traineeWithdrawn, { classId: CLASS, classVersion: 3, traineeId: LEAVER_ID, withdrawnAt: shanghaiIn(0), reason: '外出务工', changeRequestId: 'chg_1' });
    await deliver(bus, traineeEnrolled, {
      classId: CLASS,
      classVersion: 2,
      institutionId: 'ins_demo',
      trainingType: 'EMPLOYMENT_LONG_TERM',
      member: { traineeId: LEAVER_ID, name: '学员', idNumberMasked: '110***********002X' },
      enrolledAt: shanghaiIn(0),
      via: 'CHANGE_APPROVED',
      changeRequestId: 'chg_0',
    });
    // A replay of the approval (version 1) changes nothing either.
    await deliver(bus, classApproved, { class: approvedSnapshot(1, [FRANCK_ID, AUDREY_ID, LEAVER_ID]), approvedAt: shanghaiIn(0), approvedBy: SYSTEM_ACTOR, reasons: [] });
    expect(codeOf(await manual(SESSIONS[0] as string, LEAVER_ID))).toBe('NOT_ON_ROSTER');
  });

  it('a cancelled session takes no check-ins (409 SESSION_CANCELLED) and does not count towards the rate', async () => {
    await deliver(runtime().bus, sessionCancelled, { classId: CLASS, classVersion: 4, sessionId: 'ses_r5', cancelledAt: shanghaiIn(0), reason: '场地停电' });
    const response = await runtime().request('POST', '/sessions/ses_r5/check-ins', { as: 'trainee1', body: { photo: b64(photo(FRANCK.others[0])), deviceId: 'phone-f' } });
    expect(response.status).toBe(409);
    expect(codeOf(response)).toBe('SESSION_CANCELLED');
  });
});

describe('non-face fallback and attendance rates', () => {
  let recordId: string;

  it('staff record attendance by hand with a reason: pending until a reviewer confirms it', async () => {
    const response = await manual('ses_r1', AUDREY_ID);
    expect(response).toMatchObject({ status: 201, body: { status: 'PENDING', traineeId: AUDREY_ID } });
    recordId = (response.body as { recordId: string }).recordId;
    expect(codeOf(await manual('ses_r1', AUDREY_ID))).toBe('ALREADY_RECORDED');
    expect((await manual('ses_r1', AUDREY_ID, 'school2')).status).toBe(403);
  });

  it('an unconfirmed manual record does not count', async () => {
    const response = await runtime().request('GET', `/classes/${CLASS}/attendance`, { as: 'school1' });
    const audrey = (response.body as { trainees: Array<{ traineeId: string; sessionsByManual: number }> }).trainees.find((t) => t.traineeId === AUDREY_ID);
    expect(audrey).toMatchObject({ sessionsByManual: 0 });
  });

  it('the reviewer of the area confirms once; the record then counts, apart from face checks, and emits Attendance.Recorded', async () => {
    expect((await runtime().request('POST', `/manual-records/${recordId}/decision`, { as: 'school1', body: { decision: 'CONFIRM', reason: '已核实' } })).status).toBe(403);
    const confirmed = await runtime().request('POST', `/manual-records/${recordId}/decision`, { as: 'reviewer1', body: { decision: 'CONFIRM', reason: '已电话核实' } });
    expect(confirmed).toMatchObject({ status: 200, body: { status: 'CONFIRMED' } });
    const again = await runtime().request('POST', `/manual-records/${recordId}/decision`, { as: 'reviewer1', body: { decision: 'REJECT', reason: '重复审核' } });
    expect(codeOf(again)).toBe('MANUAL_RECORD_NOT_PENDING');
    const event = await runtime().bus.waitFor({ ...attendanceRecorded.pattern, detail: { traineeId: [AUDREY_ID] } });
    expect(event.detail).toMatchObject({ kind: 'MANUAL', method: 'MANUAL', sessionId: 'ses_r1' });
  });

  it('a session counts by face only with both check-in and check-out', async () => {
    await runtime().request('PUT', `/trainees/${FRANCK_ID}/face`, { as: 'trainee1', body: { photo: b64(photo(FRANCK.reference)) } });
    // A new photo for every check: one the trainee already checked with is refused as a replay.
    const photos: Record<string, { in: string; out?: string }> = {
      ses_r1: { in: FRANCK.others[0], out: FRANCK.others[1] },
      ses_r2: { in: FRANCK.others[2], out: FRANCK.moreFrames[0] },
      ses_r3: { in: FRANCK.moreFrames[1] },
    };
    for (const [sessionId, { in: checkIn, out: checkOut }] of Object.entries(photos)) {
      expect((await runtime().request('POST', `/sessions/${sessionId}/check-ins`, { as: 'trainee1', body: { photo: b64(photo(checkIn)), deviceId: 'phone-f' } })).status).toBe(201);
      if (checkOut !== undefined) expect((await runtime().request('POST', `/sessions/${sessionId}/check-outs`, { as: 'trainee1', body: { photo: b64(photo(checkOut)), deviceId: 'phone-f' } })).status).toBe(201);
    }
    const response = await runtime().request('GET', `/trainees/${FRANCK_ID}/attendance`, { as: 'trainee1' });
    expect(response).toMatchObject({
      status: 200,
      // 4 sessions (one cancelled), 2 with check-in and check-out; ses_r3 lacks the check-out.
      body: { classes: [{ classId: CLASS, sessionsTotal: 4, sessionsByFace: 2, sessionsByManual: 0, ratePercent: 50, completed: false }] },
    });
  });

  it('trainees see only their own attendance; staff of another institution see nothing of the class', async () => {
    expect((await runtime().request('GET', `/trainees/${AUDREY_ID}/attendance`, { as: 'trainee1' })).status).toBe(403);
    expect((await runtime().request('GET', `/trainees/${FRANCK_ID}/attendance`, { as: 'trainee2' })).status).toBe(403);
    expect((await runtime().request('GET', `/classes/${CLASS}/attendance`, { as: 'school2' })).status).toBe(403);
    // Staff holding none of the trainee's classes are refused outright, not shown an empty list.
    const other = await runtime().request('GET', `/trainees/${FRANCK_ID}/attendance`, { as: 'school2' });
    expect(other.status).toBe(403);
    expect(JSON.stringify(other.body)).not.toContain(CLASS);
    expect((await runtime().request('GET', `/classes/${CLASS}/attendance`, { as: 'reviewer1' })).status).toBe(200);
  });

  it('Class.Completed sends Attendance.Summarized once, with every trainee\'s rate against the 80 % threshold', async () => {
    const completed = envelopeOf(classCompleted, {
      classId: CLASS,
      classVersion: 5,
      institutionId: 'ins_demo',
      approvingAreaCode: '520102',
      at: shanghaiIn(0),
      by: SYSTEM_ACTOR,
      reasons: [],
      rosterTraineeIds: [FRANCK_ID, AUDREY_ID],
    });
    // EventBridge delivers at least once: the second delivery of the same event id is skipped.
    runtime().bus.publish(completed);
    runtime().bus.publish(completed);
    await runtime().bus.settled();
    // The summary leaves through the outbox: the relay puts it on the bus shortly after the handler.
    const summary = await runtime().bus.waitFor({ ...attendanceSummarized.pattern, detail: { classId: [CLASS] } });
    const summaries = runtime().bus.events.filter((event) => event['detail-type'] === attendanceSummarized.detailType);
    expect(summaries).toHaveLength(1);
    expect(summary.detail).toMatchObject({
      thresholdPercent: 80,
      trainees: [
        { traineeId: FRANCK_ID, sessionsByFace: 2, sessionsByManual: 0, ratePercent: 50, completed: false },
        { traineeId: AUDREY_ID, sessionsByFace: 0, sessionsByManual: 1, ratePercent: 25, completed: false },
      ],
    });
  });

  it('a completed class takes no more check-ins', async () => {
    const response = await runtime().request('POST', '/sessions/ses_r4/check-ins', { as: 'trainee1', body: { photo: b64(photo(FRANCK.others[0])), deviceId: 'phone-f' } });
    expect(codeOf(response)).toBe('SESSION_NOT_FOUND');
  });
});
