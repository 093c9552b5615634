import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { LOCAL_AWS } from '../../../local/src/local-aws';
import { tableName } from '../../../local/src/resource-names';
import { useLocalRuntime } from '../../../test/support/runtime';
import { outboxItem, sessionCancelled } from '@peixun/shared';
import { getAll } from '../src/adapters/batch-requests';
import { ClassRepository, ScheduleChanged } from '../src/adapters/class-repository';
import type { ClassApplication } from '../src/classes/class-application';
import { rebookTeachers, teacherIdsOf } from '../src/classes/teacher-schedules';
import { rebookClass } from '../src/classes/trainee-schedules';
import { newClassLifecycle } from '../src/classes/workflow';
import { enrollmentManifest } from '../src/manifest';
import { application } from './support/issue3-fixtures';

/**
 * The database, not the code path, keeps a trainee out of two overlapping classes: two
 * approvals computed from the same reading of a trainee's schedule cannot both be written.
 */
const runtime = useLocalRuntime({ manifests: [enrollmentManifest] });

function repository(): ClassRepository {
  const client = new DynamoDBClient({ endpoint: runtime().urls.dynamodb, ...LOCAL_AWS });
  return new ClassRepository(DynamoDBDocumentClient.from(client), tableName('enrollment'));
}

async function storedClass(classes: ClassRepository, classId: string, app: ClassApplication) {
  const lifecycle = newClassLifecycle({
    classId,
    institutionId: app.institutionId,
    approvingAreaCode: '520102',
    firstSessionStartsAt: '2027-01-11T09:00:00+08:00',
    lastSessionEndsAt: '2027-01-11T17:00:00+08:00',
  });
  return classes.create({ ...app, classId }, lifecycle);
}

describe('trainee schedules under concurrent approvals', () => {
  it('Art. 28: a second approval written from a stale schedule is refused by the database', async () => {
    const classes = repository();
    const app = application({}, 3);
    const [first, second] = await Promise.all([storedClass(classes, 'cls_race_a', app), storedClass(classes, 'cls_race_b', app)]);
    const seen = await classes.schedules(app.roster.map((entry) => entry.traineeId));
    const attempts = await Promise.allSettled(
      [first, second].map((record) => classes.saveWithSchedules(record, record, rebookClass(seen, record.lifecycle.classId, record.application), { events: [] })),
    );
    expect(attempts.filter((attempt) => attempt.status === 'fulfilled')).toHaveLength(1);
    const refused = attempts.find((attempt) => attempt.status === 'rejected');
    expect(refused?.status === 'rejected' ? refused.reason : undefined).toBeInstanceOf(ScheduleChanged);
    const after = await classes.schedules(app.roster.map((entry) => entry.traineeId));
    for (const schedule of after.values()) {
      expect(schedule.revision).toBe(1);
      expect(Object.keys(schedule.classes)).toHaveLength(1);
    }
  });

  it('Art. 30: a second approval written from a stale teacher schedule is refused by the database, whoever the trainees are', async () => {
    const classes = repository();
    const app = application({}, 1);
    const teacherId = 'tch_race';
    const shared = { ...app, sessions: app.sessions.map((session) => ({ ...session, teacherIds: [teacherId] })) };
    const [first, second] = await Promise.all([
      storedClass(classes, 'cls_teacher_race_a', { ...shared, roster: [{ traineeId: 'trn_teacher_race_a' }] }),
      storedClass(classes, 'cls_teacher_race_b', { ...shared, roster: [{ traineeId: 'trn_teacher_race_b' }] }),
    ]);
    const seen = await classes.teacherSchedules(teacherIdsOf(shared));
    const attempts = await Promise.allSettled(
      [first, second].map(async (record) =>
        classes.saveWithSchedules(record, record, rebookClass(await classes.schedules([record.application.roster[0]?.traineeId ?? '']), record.lifecycle.classId, record.application), {
          teacherSchedules: rebookTeachers(seen, record.lifecycle.classId, record.application),
          events: [],
        }),
      ),
    );
    expect(attempts.filter((attempt) => attempt.status === 'fulfilled')).toHaveLength(1);
    const refused = attempts.find((attempt) => attempt.status === 'rejected');
    expect(refused?.status === 'rejected' ? refused.reason : undefined).toBeInstanceOf(ScheduleChanged);
    const after = (await classes.teacherSchedules([teacherId])).get(teacherId);
    expect(after?.revision).toBe(1);
    expect(Object.keys(after?.classes ?? {})).toHaveLength(1);
  });

  it('releasing a class removes only its booking from each trainee’s schedule', async () => {
    const classes = repository();
    const app = application({}, 2);
    const record = await storedClass(classes, 'cls_release', { ...app, roster: app.roster.map((entry) => ({ ...entry, traineeId: `${entry.traineeId}_r` })) });
    const ids = record.application.roster.map((entry) => entry.traineeId);
    const booked = await classes.saveWithSchedules(record, record, rebookClass(await classes.schedules(ids), 'cls_release', record.application), { events: [] });
    await classes.saveWithSchedules(booked, booked, rebookClass(await classes.schedules(ids), 'cls_release', undefined), { events: [] });
    for (const schedule of (await classes.schedules(ids)).values()) expect(schedule.classes).toEqual({});
  });

  it('writes events beyond the 100 actions of a transaction right after it (an approval announces each trainee and session)', async () => {
    const classes = repository();
    const app = application({}, 1);
    const record = await storedClass(classes, 'cls_many_events', { ...app, roster: [{ traineeId: 'trn_many_events' }] });
    const events = Array.from({ length: 120 }, (_, i) =>
      outboxItem(sessionCancelled, { classId: 'cls_many_events', classVersion: 2, sessionId: `s${i}`, cancelledAt: '2027-01-01T09:00:00+08:00', reason: '测试' }),
    );
    await classes.saveWithSchedules(record, record, rebookClass(await classes.schedules(['trn_many_events']), 'cls_many_events', record.application), { events });
    const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: runtime().urls.dynamodb, ...LOCAL_AWS }));
    const stored = await getAll<{ pk: string }>(documents, tableName('enrollment'), events.map(({ pk, sk }) => ({ pk, sk })));
    expect(stored).toHaveLength(120);
  });
});
