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

describe('no tenant learns the state of another’s records', () => {
  it('refuses another school and another area’s reviewer with 403 before telling the class’s state (409)', async () => {
    for (const action of ['complete', 'start']) {
      for (const as of [TENANTS.two.staff, TENANTS.two.reviewer]) {
        const response = await runtime().request('POST', `/classes/${first.classId}/${action}`, { as });
        if (action === 'start' && as === TENANTS.two.reviewer) continue; // reviewers never start a class: the role check answers
        expect(response.status, `${as} ${action}`).toBe(403);
        expect((response.body as { code: string }).code).not.toBe('TRANSITION_NOT_ALLOWED');
      }
    }
    const cancel = await runtime().request('POST', `/classes/${first.classId}/cancel`, { as: TENANTS.two.reviewer, body: { reasons: ['试探'] } });
    expect(cancel.status).toBe(403);
    const change = await runtime().request('POST', `/classes/${first.classId}/change-requests`, {
      as: TENANTS.two.staff,
      body: { change: { kind: 'CANCEL_SESSION', sessionId: 's2' }, reason: '试探' },
    });
    expect(change.status).toBe(403);
    // The class's own office still gets the state refusal.
    const own = await runtime().request('POST', `/classes/${first.classId}/complete`, { as: TENANTS.one.reviewer });
    expect(own.status).toBe(409);
    expect(own.body).toMatchObject({ code: 'TRANSITION_NOT_ALLOWED' });
  });

  it('shows a trainee’s personal data only to reviewers whose area holds the record', async () => {
    const path = `/trainees/${firstTrainee.traineeId}`;
    const outside = await runtime().request('GET', path, { as: TENANTS.two.reviewer });
    expect(outside.status).toBe(403);
    expect(JSON.stringify(outside.body)).not.toContain('13812345678');
    const inside = await runtime().request('GET', path, { as: TENANTS.one.reviewer });
    expect(inside.status).toBe(200);
    expect(inside.body).toMatchObject({ idNumberMasked: false, phone: '13812345678' });
  });

  it('lists a trainee’s classes and sessions only to reviewers whose area approved them', async () => {
    const path = `/trainees/${firstTrainee.traineeId}/classes`;
    const outside = await runtime().request('GET', path, { as: TENANTS.two.reviewer });
    expect(outside.status).toBe(403);
    expect(JSON.stringify(outside.body)).not.toContain(sessionOf(first, 's1'));
    const inside = await runtime().request('GET', path, { as: TENANTS.one.reviewer });
    expect(inside.status).toBe(200);
    expect(inside.body).toMatchObject({ classes: [{ classId: first.classId }] });
  });

  it('registers a kiosk only at a site of the staff’s own institution', async () => {
    const planted = await runtime().request('PUT', '/kiosks/kiosk-iso-1', { as: TENANTS.two.staff, body: { siteId: TENANTS.one.siteId, description: '放在别人的场地' } });
    expect(planted.status).toBe(403);
    const own = await runtime().request('PUT', '/kiosks/kiosk-iso-1', { as: TENANTS.one.staff, body: { siteId: TENANTS.one.siteId, description: '一楼门口' } });
    expect(own.status, JSON.stringify(own.body)).toBe(200);
  });

  it('refuses a class at another school’s site as not its own (403) before judging the application (422)', async () => {
    const body = shortCourse(TENANTS.two, '2027-09-20', LABELS, [secondTrainee.traineeId]);
    const foreign = await runtime().request('POST', '/classes', { as: TENANTS.two.staff, body: { ...body, siteId: TENANTS.one.siteId } });
    expect(foreign.status, JSON.stringify(foreign.body)).toBe(403);
    // Nothing of the site shows: a site nobody registered is refused alike.
    const unknown = await runtime().request('POST', '/classes', { as: TENANTS.two.staff, body: { ...body, siteId: 'site_nobody' } });
    expect(unknown.status).toBe(403);
    expect((foreign.body as { code: string }).code).toBe((unknown.body as { code: string }).code);
    expect(JSON.stringify(foreign.body)).not.toContain('示范路1号');
  });

  it('announces a site outside the school’s county only once its office approved it: no kiosk before (issue #16 item 6)', async () => {
    const added = await runtime().request('POST', `/institutions/${TENANTS.two.institutionId}/sites`, {
      as: TENANTS.two.staff,
      body: { name: '南明教学点', address: '南明区示范路9号', areaCode: TENANTS.one.areaCode, floorAreaSqm: 300, capacity: 40, facilities: [], occupationCodes: [] },
    });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    const { siteId, review } = added.body as { siteId: string; review?: { status: string } };
    expect(review?.status).toBe('PENDING');
    // A site in the school's own county, added after it, is announced at once; once its announcement
    // is through, one for the pending site would have been too (the outbox relays in commit order).
    const later = await runtime().request('POST', `/institutions/${TENANTS.two.institutionId}/sites`, {
      as: TENANTS.two.staff,
      body: { name: '第三实训基地', address: '示范路3号', areaCode: TENANTS.two.areaCode, floorAreaSqm: 300, capacity: 40, facilities: [], occupationCodes: [] },
    });
    expect(later.status, JSON.stringify(later.body)).toBe(201);
    const siteAdded = (id: string) => ({ 'detail-type': ['TrainingSite.Added'], detail: { site: { siteId: [id] } } });
    await runtime().bus.waitFor(siteAdded((later.body as { siteId: string }).siteId), { timeoutMs: 5_000 });
    await runtime().bus.settled();
    await expect(runtime().bus.waitFor(siteAdded(siteId), { timeoutMs: 300 })).rejects.toThrow();
    const early = await runtime().request('PUT', '/kiosks/kiosk-iso-pending', { as: TENANTS.two.staff, body: { siteId, description: '尚未审核的场地' } });
    expect(early.status, JSON.stringify(early.body)).toBe(403);
    const approved = await runtime().request('POST', `/institutions/${TENANTS.two.institutionId}/sites/${siteId}/review`, { as: TENANTS.one.reviewer, body: { decision: 'APPROVE', reasons: [] } });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    await runtime().bus.waitFor(siteAdded(siteId), { timeoutMs: 5_000 });
    await runtime().bus.settled();
    expect((await runtime().request('PUT', '/kiosks/kiosk-iso-pending', { as: TENANTS.two.staff, body: { siteId, description: '审核通过后' } })).status).toBe(200);
  });

  it('announces a site added later, so kiosks may be registered there too', async () => {
    const added = await runtime().request('POST', `/institutions/${TENANTS.two.institutionId}/sites`, {
      as: TENANTS.two.staff,
      body: { name: '第二实训基地', address: '示范路2号', areaCode: TENANTS.two.areaCode, floorAreaSqm: 300, capacity: 40, facilities: [], occupationCodes: [] },
    });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    const { siteId } = added.body as { siteId: string };
    await runtime().bus.waitFor({ 'detail-type': ['TrainingSite.Added'], detail: { site: { siteId: [siteId] } } }, { timeoutMs: 5_000 });
    await runtime().bus.settled();
    expect((await runtime().request('PUT', '/kiosks/kiosk-iso-2', { as: TENANTS.one.staff, body: { siteId, description: '抢注' } })).status).toBe(403);
    expect((await runtime().request('PUT', '/kiosks/kiosk-iso-2', { as: TENANTS.two.staff, body: { siteId, description: '二号门' } })).status).toBe(200);
  });
});
