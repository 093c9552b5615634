/**
 * A trainee whose school registered them claims the record with their own login (enrollment's
 * `POST /trainees/me/account`, which publishes `Trainee.AccountLinked`); attendance learns the
 * login from that event, so the trainee then sees their own attendance, enrols their face and
 * checks in from their phone as themself, and still nobody else's. Enrollment and attendance run
 * side by side in the local runtime: registration and the claim go through enrollment's real
 * routes and outbox, the class approval is put on the bus (its workflow has its own tests).
 */
import { attendanceManifest } from '@peixun/attendance/manifest';
import { enrollmentManifest } from '@peixun/enrollment/manifest';
import { attendanceRecorded, classApproved, traineeAccountLinked, type TraineeView } from '@peixun/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { findUser } from '../../local/src/identity/users';
import { FRANCK, photo } from '../../services/attendance/test/support/face-fixtures';
import { residentId } from '../../services/enrollment/test/support/issue3-fixtures';
import { useLocalRuntime, type TestResponse } from '../support/runtime';
import { classSnapshot, deliver, envelopeOf, shanghaiIn, SYSTEM_ACTOR } from './fixtures/enrollment-events';

const runtime = useLocalRuntime({ manifests: [enrollmentManifest, attendanceManifest] });

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
const codeOf = (response: TestResponse): string | undefined => (response.body as { code?: string }).code;
const subOf = (username: string): string => findUser(username)?.sub ?? '';

const CLASS = 'cls_linked';
const SESSION = 'ses_linked_now';
const person = {
  li: { idNumber: residentId('520102', '19950320', 301), name: '李四', phone: '13900001111' },
  wang: { idNumber: residentId('520102', '19880808', 303), name: '王芳', phone: '13700002222' },
};

let li: TraineeView;
let wang: TraineeView;

/** The school registers the person (no login linked): enrollment publishes Trainee.Registered, attendance projects it. */
async function registerBySchool(who: { idNumber: string; name: string; phone: string }): Promise<TraineeView> {
  const response = await runtime().request('POST', '/trainees', {
    as: 'school1',
    body: { ...who, targetGroups: ['RURAL_MIGRANT_WORKER'], biometricConsent: { agreed: true, agreedAt: '2026-11-26T10:00:00+08:00', noticeVersion: '2026-01' } },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  const trainee = response.body as TraineeView;
  await runtime().bus.waitFor({ 'detail-type': ['Trainee.Registered'], detail: { traineeId: [trainee.traineeId] } }, { timeoutMs: 10_000 });
  return trainee;
}

const attendanceOf = (traineeId: string, as: string): Promise<TestResponse> => runtime().request('GET', `/trainees/${traineeId}/attendance`, { as });
const check = (kind: 'check-ins' | 'check-outs', body: { photo: Uint8Array; traineeId?: string; deviceId: string }, as: string): Promise<TestResponse> =>
  runtime().request('POST', `/sessions/${SESSION}/${kind}`, { as, body: { ...body, photo: b64(body.photo) } });

beforeAll(async () => {
  li = await registerBySchool(person.li);
  wang = await registerBySchool(person.wang);
  await deliver(runtime().bus, classApproved, {
    // Started 10 minutes ago, ends in 20: check-in and check-out are both open.
    class: classSnapshot({ classId: CLASS, sessions: [{ sessionId: SESSION, startsInMinutes: -10, minutes: 30 }], traineeIds: [li.traineeId, wang.traineeId] }),
    approvedAt: shanghaiIn(0),
    approvedBy: SYSTEM_ACTOR,
    reasons: [],
  });
  await runtime().bus.settled();
});

describe('a school-registered trainee links their login (Trainee.AccountLinked)', () => {
  it('before the claim the login is nobody to attendance: 403 for the attendance, the face and a check-in', async () => {
    expect((await attendanceOf(li.traineeId, 'trainee2')).status).toBe(403);
    expect((await runtime().request('PUT', `/trainees/${li.traineeId}/face`, { as: 'trainee2', body: { photo: b64(photo(FRANCK.reference)) } })).status).toBe(403);
    expect((await check('check-ins', { photo: photo(FRANCK.others[0]), deviceId: 'phone-li' }, 'trainee2')).status).toBe(403);
  });

  it('after POST /trainees/me/account the trainee reads their own attendance', async () => {
    const claimed = await runtime().request('POST', '/trainees/me/account', { as: 'trainee2', body: person.li });
    expect(claimed.status, JSON.stringify(claimed.body)).toBe(200);
    await runtime().bus.waitFor({ 'detail-type': ['Trainee.AccountLinked'], detail: { traineeId: [li.traineeId] } }, { timeoutMs: 10_000 });
    await runtime().bus.settled();
    expect(runtime().bus.deadLetters).toHaveLength(0);

    const own = await attendanceOf(li.traineeId, 'trainee2');
    expect(own.status, JSON.stringify(own.body)).toBe(200);
    expect(own.body).toMatchObject({ traineeId: li.traineeId, classes: [{ classId: CLASS, sessionsTotal: 1, sessionsByFace: 0 }] });
  });

  it("another trainee's attendance stays refused, and so does the linked trainee's for another login", async () => {
    const other = await attendanceOf(wang.traineeId, 'trainee2');
    expect(other.status).toBe(403);
    expect(codeOf(other)).toBe('FORBIDDEN');
    expect((await attendanceOf(li.traineeId, 'trainee1')).status).toBe(403);
  });

  it('the trainee enrols their face and checks in and out from their phone as themself (1:1); the session then counts', async () => {
    const enrolled = await runtime().request('PUT', `/trainees/${li.traineeId}/face`, { as: 'trainee2', body: { photo: b64(photo(FRANCK.reference)) } });
    expect(enrolled.status, JSON.stringify(enrolled.body)).toBe(200);
    expect(enrolled.body).toMatchObject({ status: 'ACTIVE' });

    const checkIn = await check('check-ins', { photo: photo(FRANCK.others[0]), deviceId: 'phone-li' }, 'trainee2');
    expect(checkIn.status, JSON.stringify(checkIn.body)).toBe(201);
    expect(checkIn.body).toMatchObject({ result: 'PASSED' });
    const recorded = await runtime().bus.waitFor({ ...attendanceRecorded.pattern, detail: { kind: ['CHECK_IN'] } }, { timeoutMs: 10_000 });
    expect(recorded.detail).toMatchObject({ traineeId: li.traineeId, sessionId: SESSION });

    const checkOut = await check('check-outs', { photo: photo(FRANCK.others[1]), traineeId: li.traineeId, deviceId: 'phone-li' }, 'trainee2');
    expect(checkOut.status, JSON.stringify(checkOut.body)).toBe(201);
    expect((await attendanceOf(li.traineeId, 'trainee2')).body).toMatchObject({ classes: [{ classId: CLASS, sessionsByFace: 1, ratePercent: 100 }] });
  });

  it('the linked login cannot check in as a classmate: 403', async () => {
    const asWang = await check('check-ins', { photo: photo(FRANCK.others[2]), traineeId: wang.traineeId, deviceId: 'phone-li' }, 'trainee2');
    expect(asWang.status).toBe(403);
    expect(codeOf(asWang)).toBe('FORBIDDEN');
  });
});

describe('the consumer is idempotent and keeps one login for one person', () => {
  it('the same event delivered twice, and the link announced again under a new id, change nothing', async () => {
    const event = envelopeOf(traineeAccountLinked, { traineeId: li.traineeId, accountSub: subOf('trainee2'), linkedAt: '2026-11-26T12:00:00+08:00' });
    runtime().bus.publish(event);
    runtime().bus.publish(event);
    runtime().bus.publish(envelopeOf(traineeAccountLinked, { traineeId: li.traineeId, accountSub: subOf('trainee2'), linkedAt: '2026-11-26T12:00:00+08:00' }));
    await runtime().bus.settled();
    expect(runtime().bus.deadLetters).toHaveLength(0);
    expect((await attendanceOf(li.traineeId, 'trainee2')).status).toBe(200);
  });

  it('a link that arrives before the registration works (events come out of order)', async () => {
    await deliver(runtime().bus, traineeAccountLinked, { traineeId: 'trn_linked_early', accountSub: subOf('trainee1'), linkedAt: '2026-11-26T12:00:00+08:00' });
    const own = await attendanceOf('trn_linked_early', 'trainee1');
    expect(own).toMatchObject({ status: 200, body: { traineeId: 'trn_linked_early', classes: [] } });
  });

  it('a login already linked to another trainee is not switched: the event is dead-lettered, the login stays who it was', async () => {
    const conflicting = envelopeOf(traineeAccountLinked, { traineeId: wang.traineeId, accountSub: subOf('trainee2'), linkedAt: '2026-11-26T12:30:00+08:00' });
    runtime().bus.publish(conflicting);
    await runtime().bus.settled();
    expect(runtime().bus.deadLetters).toEqual([
      expect.objectContaining({
        event: expect.objectContaining({ id: conflicting.id }),
        service: 'attendance',
        error: expect.objectContaining({ message: expect.stringContaining('AccountLinkConflict') }),
      }),
    ]);
    expect((await attendanceOf(wang.traineeId, 'trainee2')).status).toBe(403);
    expect((await attendanceOf(li.traineeId, 'trainee2')).status).toBe(200);
  });
});
