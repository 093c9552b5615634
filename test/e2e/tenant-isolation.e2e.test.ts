/**
 * Tenant isolation through the HTTP API (issue #9): two schools in two areas, each approved by its
 * own area's reviewer, whose clients name their sessions alike. Nothing of one may become the
 * other's, and no tenant learns the state of another's records.
 */
import type { ClassView, TraineeView } from '@peixun/shared';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useLocalRuntime } from '../support/runtime';
import { approvedClass, registerTrainee, registerTwoSchools, sessionOf, shortCourse, TENANTS } from '../support/two-schools';

const runtime = useLocalRuntime();
const LABELS = ['s1', 's2'];

let first: ClassView;
let second: ClassView;
let firstTrainee: TraineeView;
let secondTrainee: TraineeView;

beforeAll(async () => {
  await registerTwoSchools(runtime());
  firstTrainee = await registerTrainee(runtime(), TENANTS.one.staff);
  secondTrainee = await registerTrainee(runtime(), TENANTS.two.staff);
  first = await approvedClass(runtime(), TENANTS.one, shortCourse(TENANTS.one, '2027-09-06', LABELS, [firstTrainee.traineeId]));
  // Same labels, another school, another area's reviewer, approved afterwards.
  second = await approvedClass(runtime(), TENANTS.two, shortCourse(TENANTS.two, '2027-09-07', LABELS, [secondTrainee.traineeId]));
  await runtime().bus.settled();
});
afterEach(() => runtime().setClock(undefined));

describe('sessions named alike by two schools stay each school’s own', () => {
  it('gives each class’s sessions ids of their own, whatever the schools called them', () => {
    const ids = (view: ClassView) => LABELS.map((label) => sessionOf(view, label));
    expect(new Set([...ids(first), ...ids(second)]).size).toBe(4);
    for (const id of [...ids(first), ...ids(second)]) expect(LABELS).not.toContain(id);
  });

  it('keeps the first school’s manual records on its own sessions and refuses the second school there', async () => {
    runtime().setClock(new Date('2027-09-06T11:30:00+08:00'));
    const path = `/sessions/${sessionOf(first, 's1')}/manual-records`;
    const body = { traineeId: firstTrainee.traineeId, reason: '设备故障，现场核验身份证' };
    const own = await runtime().request('POST', path, { as: TENANTS.one.staff, body });
    expect(own.status, JSON.stringify(own.body)).toBe(201);
    expect(own.body).toMatchObject({ classId: first.classId });
    const foreign = await runtime().request('POST', path, { as: TENANTS.two.staff, body: { ...body, traineeId: secondTrainee.traineeId } });
    expect(foreign.status).toBe(403);
  });

  it('keeps each class’s sessions in its own attendance and recordings', async () => {
    for (const [view, trainee, tenant] of [[first, firstTrainee, TENANTS.one], [second, secondTrainee, TENANTS.two]] as const) {
      const attendance = await runtime().request('GET', `/classes/${view.classId}/attendance`, { as: tenant.reviewer });
      expect(attendance.status, JSON.stringify(attendance.body)).toBe(200);
      expect(attendance.body).toMatchObject({ trainees: [{ traineeId: trainee.traineeId, sessionsTotal: LABELS.length }] });
    }
    const recordings = (view: ClassView, as: string) => runtime().request('GET', `/sessions/${sessionOf(view, 's1')}/recordings`, { as });
    expect((await recordings(first, TENANTS.one.staff)).status).toBe(200);
    expect((await recordings(first, TENANTS.two.staff)).status).toBe(403);
    expect((await recordings(second, TENANTS.two.staff)).status).toBe(200);
    expect((await recordings(second, TENANTS.one.staff)).status).toBe(403);
  });

  it('lists the sessions in the trainee’s classes under the same ids', async () => {
    const listed = await runtime().request('GET', `/trainees/${secondTrainee.traineeId}/classes`, { as: TENANTS.two.reviewer });
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    expect(listed.body).toMatchObject({
      classes: [{ classId: second.classId, sessions: LABELS.map((label) => ({ label, sessionId: sessionOf(second, label) })) }],
    });
  });
});
