import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { LOCAL_AWS } from '../../../local/src/local-aws';
import { tableName } from '../../../local/src/resource-names';
import { useLocalRuntime } from '../../../test/support/runtime';
import { RecordingRepository, SessionRecordingChanged } from '../src/adapters/recording-repository';
import { SessionRepository } from '../src/adapters/session-repository';
import { RecordingError } from '../src/domain/errors';
import type { Recording } from '../src/domain/recording';
import { completesSession } from '../src/domain/session-recording';
import { recordingsManifest } from '../src/manifest';

/**
 * One whole-session recording per session (Art. 24), held by the database: the write that admits a
 * recording checks the session's item, and verdicts on one session are written one revision at a time.
 */
const runtime = useLocalRuntime({ manifests: [recordingsManifest] });

function repositories() {
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: runtime().urls.dynamodb, ...LOCAL_AWS }));
  return { recordings: new RecordingRepository(documents, tableName('recordings')), sessions: new SessionRepository(documents, tableName('recordings')) };
}

const WINDOW = { startsAt: '2026-03-02T09:00:00+08:00', endsAt: '2026-03-02T12:00:00+08:00' };

async function projected(sessions: SessionRepository, sessionId: string): Promise<void> {
  await sessions.project({
    sessionId,
    classId: 'cls_once',
    classVersion: 1,
    institutionId: 'ins_demo',
    areaCode: '520102',
    ...WINDOW,
    recording: { trainingType: 'EMPLOYMENT_LONG_TERM', secrecyWaiver: false },
    cancelled: false,
  });
}

const recording = (sessionId: string, recordingId: string, from: string, to: string): Recording => ({
  recordingId,
  sessionId,
  classId: 'cls_once',
  institutionId: 'ins_demo',
  objectKey: `recordings/cls_once/${sessionId}/${recordingId}`,
  uploadId: `up_${recordingId}`,
  fileName: `${recordingId}.mp4`,
  contentType: 'video/mp4',
  size: 1024,
  partSize: 1024,
  partCount: 1,
  status: 'verifying',
  recordedFrom: from,
  recordedTo: to,
  createdAt: '2026-03-02T12:30:00.000Z',
  createdBy: 'school1-sub',
  updatedAt: '2026-03-02T12:30:00.000Z',
});

const completed = (r: Recording): Recording => ({ ...r, status: 'completed', completedAt: '2026-03-02T13:00:00.000Z', updatedAt: '2026-03-02T13:00:00.000Z' });

describe('one whole-session recording per session (Art. 24)', () => {
  it('Art. 24: once a completed recording covers the session, the database refuses another recording even to a writer that did not look', async () => {
    const { recordings, sessions } = repositories();
    await projected(sessions, 'ses_once_whole');
    const whole = recording('ses_once_whole', 'rec_whole', WINDOW.startsAt, WINDOW.endsAt);
    await recordings.create(whole);
    const state = await sessions.recordingState('ses_once_whole');
    expect(state).toEqual({ revision: 0 });
    await recordings.completeVerified(completed(whole), state, completesSession(WINDOW, [whole], completed(whole)), []);
    expect(await sessions.recordingState('ses_once_whole')).toEqual({ revision: 1, completeAt: '2026-03-02T13:00:00.000Z' });

    const second = recording('ses_once_whole', 'rec_second', WINDOW.startsAt, WINDOW.endsAt);
    const refused = await recordings.create(second).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RecordingError);
    expect(refused).toMatchObject({ code: 'RECORDING_SESSION_ALREADY_RECORDED', status: 409 });
    expect(await recordings.find('ses_once_whole', 'rec_second')).toBeUndefined();
  });

  it('a partly recorded session still takes the next segment', async () => {
    const { recordings, sessions } = repositories();
    await projected(sessions, 'ses_once_half');
    const first = recording('ses_once_half', 'rec_first_half', WINDOW.startsAt, '2026-03-02T10:30:00+08:00');
    await recordings.create(first);
    await recordings.completeVerified(completed(first), await sessions.recordingState('ses_once_half'), completesSession(WINDOW, [first], completed(first)), []);
    expect(await sessions.recordingState('ses_once_half')).toEqual({ revision: 1 });
    await expect(recordings.create(recording('ses_once_half', 'rec_second_half', '2026-03-02T10:30:00+08:00', WINDOW.endsAt))).resolves.toBeUndefined();
  });

  it('two verdicts on one session judged from the same reading: the second is refused, to be judged again', async () => {
    const { recordings, sessions } = repositories();
    await projected(sessions, 'ses_once_race');
    const halves = [
      recording('ses_once_race', 'rec_race_a', WINDOW.startsAt, '2026-03-02T10:30:00+08:00'),
      recording('ses_once_race', 'rec_race_b', '2026-03-02T10:30:00+08:00', WINDOW.endsAt),
    ];
    for (const half of halves) await recordings.create(half);
    const seen = await sessions.recordingState('ses_once_race');
    const attempts = await Promise.allSettled(halves.map((half) => recordings.completeVerified(completed(half), seen, completesSession(WINDOW, halves, completed(half)), [])));
    expect(attempts.filter((attempt) => attempt.status === 'fulfilled')).toHaveLength(1);
    const loser = attempts.find((attempt) => attempt.status === 'rejected');
    expect(loser?.status === 'rejected' ? loser.reason : undefined).toBeInstanceOf(SessionRecordingChanged);
    // Judged again from a fresh reading, the second half completes the session.
    const lost = halves[attempts.findIndex((attempt) => attempt.status === 'rejected')];
    if (lost === undefined) throw new Error('no loser');
    const stored = await recordings.ofSession('ses_once_race');
    await recordings.completeVerified(completed(lost), await sessions.recordingState('ses_once_race'), completesSession(WINDOW, stored, completed(lost)), []);
    expect(await sessions.recordingState('ses_once_race')).toMatchObject({ revision: 2, completeAt: expect.any(String) });
  });
});
