import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { LOCAL_AWS } from '../../../local/src/local-aws';
import { tableName } from '../../../local/src/resource-names';
import { useLocalRuntime } from '../../../test/support/runtime';
import { SessionRepository } from '../src/adapters/session-repository';
import type { ProjectedSession } from '../src/domain/session';
import { recordingsManifest } from '../src/manifest';

/** The session projection against DynamoDB Local: conditional writes keep the newest class version. */
const runtime = useLocalRuntime({ manifests: [recordingsManifest] });

function repository(): SessionRepository {
  const client = new DynamoDBClient({ endpoint: runtime().urls.dynamodb, ...LOCAL_AWS });
  return new SessionRepository(DynamoDBDocumentClient.from(client), tableName('recordings'));
}

const session = (sessionId: string, classVersion: number, overrides: Partial<ProjectedSession> = {}): ProjectedSession => ({
  sessionId,
  classId: 'cls_proj',
  classVersion,
  institutionId: 'ins_demo',
  areaCode: '520102',
  startsAt: '2026-03-02T09:00:00+08:00',
  endsAt: '2026-03-02T12:00:00+08:00',
  recording: { trainingType: 'EMPLOYMENT_LONG_TERM', secrecyWaiver: false },
  cancelled: false,
  ...overrides,
});

describe('session projection (Class.Approved / Session.Scheduled / Session.Cancelled / Class.Changed)', () => {
  it('keeps the highest class version: an older snapshot arriving late changes nothing', async () => {
    const sessions = repository();
    expect(await sessions.project(session('ses_p1', 2, { endsAt: '2026-03-02T13:00:00+08:00' }))).toBe(true);
    expect(await sessions.project(session('ses_p1', 1))).toBe(false);
    expect(await sessions.find('ses_p1')).toMatchObject({ classVersion: 2, endsAt: '2026-03-02T13:00:00+08:00' });
    // The same version again (a redelivery) is a harmless rewrite.
    expect(await sessions.project(session('ses_p1', 2, { endsAt: '2026-03-02T13:00:00+08:00' }))).toBe(true);
  });

  it('a cancellation is not undone by the same or an older version, even when it arrives before the session', async () => {
    const sessions = repository();
    await sessions.cancel({ sessionId: 'ses_p2', classId: 'cls_proj', classVersion: 3 });
    expect(await sessions.find('ses_p2')).toBeUndefined();
    expect(await sessions.project(session('ses_p2', 3))).toBe(false);
    expect(await sessions.project(session('ses_p2', 2))).toBe(false);
    expect(await sessions.find('ses_p2')).toBeUndefined();
    // A later version that schedules it again (the class was changed back) brings it back.
    expect(await sessions.project(session('ses_p2', 4))).toBe(true);
    expect(await sessions.find('ses_p2')).toMatchObject({ classVersion: 4, cancelled: false });
  });

  it('only sessions Art. 24 asks to film and that are not cancelled await the missing-recording check', async () => {
    const sessions = repository();
    await sessions.project(session('ses_p3_video', 1, { classId: 'cls_p3' }));
    await sessions.project(session('ses_p3_short', 1, { classId: 'cls_p3', recording: { trainingType: 'EMPLOYMENT_SHORT', secrecyWaiver: false } }));
    await sessions.project(session('ses_p3_cancelled', 1, { classId: 'cls_p3' }));
    await sessions.cancel({ sessionId: 'ses_p3_cancelled', classId: 'cls_p3', classVersion: 1 });
    await sessions.project(session('ses_p3_later', 1, { classId: 'cls_p3', startsAt: '2026-03-09T09:00:00+08:00', endsAt: '2026-03-09T12:00:00+08:00' }));

    const due = await sessions.awaitingMissingCheck(new Date('2026-03-05T00:00:00Z'));
    const ids = due.map((found) => found.sessionId).filter((id) => id.startsWith('ses_p3'));
    expect(ids).toEqual(['ses_p3_video']);
    const video = due.find((found) => found.sessionId === 'ses_p3_video');
    if (video === undefined) throw new Error('ses_p3_video not listed');
    await sessions.settleMissingCheck(video, 'RAISED', new Date());
    expect((await sessions.awaitingMissingCheck(new Date('2026-03-05T00:00:00Z'))).map((found) => found.sessionId)).not.toContain('ses_p3_video');
    const ofClass = await sessions.ofClass('cls_p3');
    expect(ofClass.map((found) => [found.sessionId, found.cancelled]).sort()).toEqual([
      ['ses_p3_cancelled', true],
      ['ses_p3_later', false],
      ['ses_p3_short', false],
      ['ses_p3_video', false],
    ]);
    expect(ofClass.at(-1)?.sessionId).toBe('ses_p3_later');
  });
});
