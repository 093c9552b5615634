import { sessionIdFor } from '@peixun/shared';
import { describe, expect, it } from 'vitest';
import { otherTaughtSessions, rebookTeachers, teacherIdsOf } from '../../src/classes/teacher-schedules';
import { otherBookedSessions, rebookClass, type TraineeSchedule } from '../../src/classes/trainee-schedules';
import { application } from '../support/issue3-fixtures';

const schedule = (traineeId: string, classes: TraineeSchedule['classes'] = {}, revision = 0): TraineeSchedule => ({ traineeId, revision, classes });
const other = { className: '另一个班', sessions: [{ sessionId: sessionIdFor('cls_other', 'x1'), label: 'x1', startsAt: '2025-06-02T09:00:00+08:00', endsAt: '2025-06-02T12:00:00+08:00' }] };

describe('trainee schedules (the overlap rule’s storage)', () => {
  it('books the class’s sessions for every trainee on the roster, keeping their other classes and revision', () => {
    const app = application({}, 2);
    const [first, second] = app.roster.map((entry) => entry.traineeId);
    const schedules = new Map([
      [first ?? '', schedule(first ?? '', { cls_other: other }, 3)],
      [second ?? '', schedule(second ?? '')],
    ]);
    const written = rebookClass(schedules, app.classId, app);
    expect(written).toHaveLength(2);
    expect(written[0]).toMatchObject({ revision: 3, classes: { cls_other: other, [app.classId]: { className: app.name } } });
    expect(written[1]?.classes[app.classId]?.sessions[0]).toEqual({ sessionId: sessionIdFor(app.classId, 's1a'), label: 's1a', startsAt: '2025-06-02T09:00:00+08:00', endsAt: '2025-06-02T12:00:00+08:00' });
  });

  it('releases the class for trainees no longer on the roster and leaves untouched schedules out', () => {
    const app = application({}, 1);
    const booked = rebookClass(new Map([['trn_gone', schedule('trn_gone')]]), app.classId, { ...app, roster: [{ traineeId: 'trn_gone' }] })[0];
    const schedules = new Map([
      ['trn_gone', booked ?? schedule('trn_gone')],
      ['trn_elsewhere', schedule('trn_elsewhere', { cls_other: other })],
    ]);
    expect(rebookClass(schedules, app.classId, { ...app, roster: [] })).toEqual([{ traineeId: 'trn_gone', revision: 0, classes: {} }]);
    expect(rebookClass(schedules, app.classId, undefined)).toEqual([{ traineeId: 'trn_gone', revision: 0, classes: {} }]);
  });

  it('gives the overlap rule every booked session except those of the class being judged', () => {
    const schedules = new Map([['trn_a', schedule('trn_a', { cls_self: other, cls_other: other })]]);
    expect(otherBookedSessions(schedules, 'cls_self').get('trn_a')).toEqual([{ classId: 'cls_other', className: '另一个班', ...other.sessions[0] }]);
  });

  it('books for each teacher only the sessions they teach, and releases a teacher who no longer teaches in the class', () => {
    const app = application({}, 1);
    const sessions = app.sessions.map((session, index) => (index === 0 ? { ...session, teacherIds: ['tch_li'] } : session));
    const changed = { ...app, sessions };
    expect(teacherIdsOf(changed)).toEqual(['tch_li', 'tch_wang']);
    const empty = { revision: 0, classes: {} };
    const written = rebookTeachers(new Map([['tch_li', { teacherId: 'tch_li', ...empty }], ['tch_wang', { teacherId: 'tch_wang', ...empty }]]), app.classId, changed);
    expect(written.find((s) => s.teacherId === 'tch_li')?.classes[app.classId]?.sessions.map((s) => s.label)).toEqual(['s1a']);
    expect(written.find((s) => s.teacherId === 'tch_wang')?.classes[app.classId]?.sessions).toHaveLength(app.sessions.length - 1);
    const liBooked = written.find((s) => s.teacherId === 'tch_li') ?? { teacherId: 'tch_li', ...empty };
    expect(rebookTeachers(new Map([['tch_li', liBooked]]), app.classId, app)).toEqual([{ teacherId: 'tch_li', revision: 0, classes: {} }]);
    expect(otherTaughtSessions(new Map([['tch_li', liBooked]]), 'cls_elsewhere').get('tch_li')).toHaveLength(1);
  });
});
