/**
 * Withdrawal of face consent, end to end: enrollment's Trainee.FaceConsentWithdrawn is put on the
 * local bus (as the enrollment service will publish it); attendance deletes the trainee's template
 * (embedded engine: the sealed item in the table), the enrolment record and the reference photos,
 * then refuses face enrolment and face checks while the manual path stays open.
 */
import { attendanceManifest } from '@peixun/attendance/manifest';
import { classApproved, traineeFaceConsentWithdrawn, traineeRegistered } from '@peixun/shared';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_AWS } from '../../local/src/local-aws';
import { bucketName, tableName } from '../../local/src/resource-names';
import { SEEDED_USERS } from '../../local/src/identity/users';
import { FRANCK, photo } from '../../services/attendance/test/support/face-fixtures';
import { useLocalRuntime, type TestResponse } from '../support/runtime';
import { classSnapshot, deliver, envelopeOf, shanghaiIn, SYSTEM_ACTOR, traineeRegistration } from './fixtures/enrollment-events';

const runtime = useLocalRuntime({ manifests: [attendanceManifest] });

const subOf = (username: string): string => SEEDED_USERS.find((user) => user.username === username)?.sub ?? '';
const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
const codeOf = (response: TestResponse): string | undefined => (response.body as { code?: string }).code;

/** Franck registered himself (trainee1); the other trainee was registered by school1. */
const FRANCK_ID = 'trn_consent_franck';
const OTHER_ID = 'trn_consent_other';
const CLASS = 'cls_consent';
const SESSION = 'ses_consent_now';

const documents = () => DynamoDBDocumentClient.from(new DynamoDBClient({ ...LOCAL_AWS, endpoint: runtime().urls.dynamodb }));
const item = async (key: { pk: string; sk: string }) => (await documents().send(new GetCommand({ TableName: tableName('attendance'), Key: key }))).Item;

async function referencePhotos(): Promise<unknown[]> {
  const s3 = new S3Client({ ...LOCAL_AWS, endpoint: runtime().urls.s3, forcePathStyle: true });
  return (await s3.send(new ListObjectsV2Command({ Bucket: bucketName('attendance'), Prefix: `raw/references/${FRANCK_ID}/` }))).Contents ?? [];
}

async function register(traineeId: string, registeredBy: { sub: string; role: string; institutionId?: string }): Promise<void> {
  await deliver(runtime().bus, traineeRegistered, traineeRegistration(traineeId, registeredBy));
}

const withdrawal = () =>
  envelopeOf(traineeFaceConsentWithdrawn, { traineeId: FRANCK_ID, withdrawnAt: '2026-11-26T12:00:00+08:00', withdrawnBy: { sub: subOf('trainee1'), role: 'trainee' } });

const checkIn = (body: { photo: Uint8Array; traineeId?: string; deviceId: string }, as: string): Promise<TestResponse> =>
  runtime().request('POST', `/sessions/${SESSION}/check-ins`, { as, body: { ...body, photo: b64(body.photo) } });

beforeAll(async () => {
  await register(FRANCK_ID, { sub: subOf('trainee1'), role: 'trainee' });
  await register(OTHER_ID, { sub: subOf('school1'), role: 'institution', institutionId: 'ins_demo' });
  await deliver(runtime().bus, classApproved, {
    class: classSnapshot({ classId: CLASS, sessions: [{ sessionId: SESSION, startsInMinutes: -10, minutes: 30 }], traineeIds: [FRANCK_ID, OTHER_ID] }),
    approvedAt: shanghaiIn(0),
    approvedBy: SYSTEM_ACTOR,
    reasons: [],
  });
});

describe('Trainee.FaceConsentWithdrawn', () => {
  it('before: the trainee is enrolled, with a sealed template and a reference photo', async () => {
    const enrolled = await runtime().request('PUT', `/trainees/${FRANCK_ID}/face`, { as: 'trainee1', body: { photo: b64(photo(FRANCK.reference)) } });
    expect(enrolled.body).toMatchObject({ status: 'ACTIVE' });
    expect(await item({ pk: `FACE_TEMPLATE#${FRANCK_ID}`, sk: 'TEMPLATE' })).toBeDefined();
    expect(await referencePhotos()).toHaveLength(1);
  });

  it('deletes the template, the enrolment and the reference photos; the event delivered twice (and again under a new id) does no harm', async () => {
    const event = withdrawal();
    runtime().bus.publish(event);
    runtime().bus.publish(event);
    await runtime().bus.settled();
    // A second withdrawal (a new event id) runs every step again: each is idempotent.
    runtime().bus.publish(withdrawal());
    await runtime().bus.settled();

    expect(await item({ pk: `FACE_TEMPLATE#${FRANCK_ID}`, sk: 'TEMPLATE' })).toBeUndefined();
    expect(await item({ pk: `TRAINEE#${FRANCK_ID}`, sk: 'FACE' })).toBeUndefined();
    expect(await item({ pk: `TRAINEE#${FRANCK_ID}`, sk: 'PROFILE' })).toMatchObject({ faceConsentWithdrawnAt: '2026-11-26T12:00:00+08:00', name: '学员' });
    expect(await referencePhotos()).toHaveLength(0);
  });

  it('a face check-in by the trainee, or by staff naming them, is 409 FACE_CONSENT_WITHDRAWN with a Chinese message', async () => {
    const own = await checkIn({ photo: photo(FRANCK.others[0]), deviceId: 'phone-consent' }, 'trainee1');
    expect(own.status).toBe(409);
    expect(own.body).toMatchObject({ code: 'FACE_CONSENT_WITHDRAWN', title: '已撤回人脸识别同意' });
    expect(codeOf(await checkIn({ photo: photo(FRANCK.others[1]), traineeId: FRANCK_ID, deviceId: 'kiosk-consent' }, 'school1'))).toBe('FACE_CONSENT_WITHDRAWN');
  });

  it('a kiosk (1:N) no longer recognises the face: the template takes part in no search', async () => {
    expect(codeOf(await checkIn({ photo: photo(FRANCK.others[2]), deviceId: 'kiosk-consent' }, 'school1'))).toBe('FACE_MISMATCH');
  });

  it('the same face enrolled under another identity is no duplicate any more: nothing of the withdrawn template is left to match', async () => {
    const other = await runtime().request('PUT', `/trainees/${OTHER_ID}/face`, { as: 'school1', body: { photo: b64(photo(FRANCK.others[0])) } });
    expect(other.body).toMatchObject({ status: 'ACTIVE' });
  });

  it('face enrolment is refused afterwards: 409 FACE_CONSENT_WITHDRAWN', async () => {
    const again = await runtime().request('PUT', `/trainees/${FRANCK_ID}/face`, { as: 'trainee1', body: { photo: b64(photo(FRANCK.reference)) } });
    expect(again.status).toBe(409);
    expect(codeOf(again)).toBe('FACE_CONSENT_WITHDRAWN');
  });

  it('the manual, non-face path remains open', async () => {
    const manual = await runtime().request('POST', `/sessions/${SESSION}/manual-records`, { as: 'school1', body: { traineeId: FRANCK_ID, reason: '学员已撤回人脸同意，现场核验身份证' } });
    expect(manual).toMatchObject({ status: 201, body: { status: 'PENDING', traineeId: FRANCK_ID } });
  });

  it('a withdrawal that arrives before the registration is kept when the registration comes', async () => {
    runtime().bus.publish(envelopeOf(traineeFaceConsentWithdrawn, { traineeId: 'trn_consent_early', withdrawnAt: '2026-11-26T12:00:00+08:00', withdrawnBy: SYSTEM_ACTOR }));
    await runtime().bus.settled();
    await register('trn_consent_early', { sub: subOf('school1'), role: 'institution', institutionId: 'ins_demo' });
    expect(await item({ pk: 'TRAINEE#trn_consent_early', sk: 'PROFILE' })).toMatchObject({ faceConsentWithdrawnAt: '2026-11-26T12:00:00+08:00', biometricConsentAt: '2026-11-26T10:00:00+08:00' });
  });
});
