import { enrollmentManifest } from '@peixun/enrollment/manifest';
import type { ClassApplicationBody, ClassView, TraineeView } from '@peixun/shared';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type TestResponse, useLocalRuntime } from '../../../test/support/runtime';
import { registerDemoSchool } from './support/demo-school';
import { type ApplicationDocuments, uploadApplicationDocuments } from './support/document-uploads';
import { residentId } from './support/issue3-fixtures';

/**
 * Class opening and review through the HTTP API against DynamoDB Local: each guideline rule the
 * service enforces is named with its article, and each refusal names the rule and the
 * trainee, session or teacher concerned.
 */
const runtime = useLocalRuntime({ manifests: [enrollmentManifest] });

let siteId: string;
let teacherId: string;
let sequence = 100;

const problem = (response: TestResponse) => response.body as { code: string; errors?: Array<{ code: string; message: string }> };
const ruleCodes = (response: TestResponse): string[] => (problem(response).errors ?? []).map((error) => error.code);
const messageOf = (response: TestResponse, code: string): string => problem(response).errors?.find((error) => error.code === code)?.message ?? '';

async function registerTrainee(overrides: Record<string, unknown> = {}, as = 'school1', birth = '19900515'): Promise<TraineeView> {
  sequence += 2;
  const response = await runtime().request('POST', '/trainees', {
    as,
    body: {
      idNumber: residentId('520102', birth, sequence),
      name: '张三',
      phone: '13812345678',
      targetGroups: ['RURAL_MIGRANT_WORKER'],
      biometricConsent: { agreed: true, agreedAt: '2026-11-26T10:00:00+08:00', noticeVersion: '2026-01' },
      ...overrides,
    },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as TraineeView;
}

/** A short course (短平快) of 中式烹调师 on `days` consecutive days from `date`, two 3-hour blocks a day. */
function shortCourse(date: string, traineeIds: readonly string[], days = 2, overrides: Partial<ClassApplicationBody> = {}): ClassApplicationBody {
  const sessions = Array.from({ length: days }, (_, day) => {
    const d = new Date(Date.parse(`${date}T00:00:00Z`) + day * 86_400_000).toISOString().slice(0, 10);
    return [
      { sessionId: `d${day + 1}am`, date: d, start: '09:00', end: '12:00', hours: 4, topic: `第${day + 1}天理论`, teacherIds: [teacherId] },
      { sessionId: `d${day + 1}pm`, date: d, start: '14:00', end: '17:00', hours: 4, topic: `第${day + 1}天实操`, teacherIds: [teacherId] },
    ];
  }).flat();
  return {
    name: `${date}中式烹调短期技能培训班`,
    trainingType: 'EMPLOYMENT_SHORT',
    occupationCode: '4-03-02-01',
    certificates: [],
    siteId,
    materials: documents.materials,
    sessions,
    roster: traineeIds.map((traineeId, index) => ({ traineeId, applicationFormId: formFor(index) })),
    ...overrides,
  };
}

/** The same class taught by another teacher throughout. */
function taughtBy(body: ClassApplicationBody, teacher: string): ClassApplicationBody {
  return { ...body, sessions: body.sessions.map((session) => ({ ...session, teacherIds: [teacher] })) };
}

let teacherSequence = 20;

/** Another teacher of 南明区's school, registered by the city reviewer. */
async function registerTeacher(name: string): Promise<string> {
  teacherSequence += 2;
  const response = await runtime().request('POST', '/teachers', {
    as: 'reviewer1',
    body: {
      idNumber: residentId('520102', '19820303', teacherSequence),
      name,
      institutionIds: ['ins_demo'],
      qualification: { certificateNumber: `GZ-SZ-2026-${String(teacherSequence).padStart(4, '0')}`, description: '职业技能等级证书（三级/高级工）' },
      registration: { cityCode: '520100', approvedOn: '2026-11-01' },
    },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return (response.body as { teacherId: string }).teacherId;
}

async function draft(body: ClassApplicationBody): Promise<ClassView> {
  const response = await runtime().request('POST', '/classes', { as: 'school1', body });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as ClassView;
}

const submit = (classId: string, as = 'school1') => runtime().request('POST', `/classes/${classId}/submit`, { as });
const review = (classId: string, decision: 'APPROVE' | 'REJECT' | 'RETURN', reasons: string[] = [], as = 'reviewer1') =>
  runtime().request('POST', `/classes/${classId}/review`, { as, body: { decision, reasons } });

async function submitted(body: ClassApplicationBody): Promise<string> {
  const created = await draft(body);
  const response = await submit(created.classId);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return created.classId;
}

/** Uploaded application forms (Art. 23), shared round-robin by the rosters here: the rules under test are others. */
let documents: ApplicationDocuments;
const formFor = (index: number): string => documents.forms[index % documents.forms.length] ?? '';

beforeAll(async () => {
  ({ siteId, teacherId } = await registerDemoSchool(runtime(), [{ name: '中式烹调工位', quantity: 40 }]));
  documents = await uploadApplicationDocuments(runtime(), 'school1', 4);
});

describe('class opening application and review (Art. 9, 23, 28)', () => {
  let classId: string;
  let selfRegistered: TraineeView;

  it('lets institution staff create and edit a draft; refuses trainees and other institutions', async () => {
    selfRegistered = await registerTrainee({}, 'trainee1');
    const other = await registerTrainee();
    const created = await draft(shortCourse('2027-01-11', [selfRegistered.traineeId]));
    classId = created.classId;
    expect(created).toMatchObject({ status: 'DRAFT', version: 1, approvingAreaCode: '520102' });
    expect((await runtime().request('POST', '/classes', { as: 'trainee1', body: shortCourse('2027-01-11', []) })).status).toBe(403);
    const body = shortCourse('2027-01-11', [selfRegistered.traineeId, other.traineeId]);
    const foreign = await runtime().request('PUT', `/classes/${classId}`, { as: 'school2', body });
    expect(foreign.status).toBe(403);
    expect(foreign.body).toMatchObject({ code: 'NOT_CLASS_INSTITUTION' });
    const edited = await runtime().request('PUT', `/classes/${classId}`, { as: 'school1', body });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect((edited.body as ClassView).application.roster).toHaveLength(2);
  });

  it('shows a class to its institution, the area’s reviewer and trainees on its roster; refuses others', async () => {
    const path = `/classes/${classId}`;
    expect((await runtime().request('GET', path, { as: 'school1' })).status).toBe(200);
    expect((await runtime().request('GET', path, { as: 'reviewer1' })).status).toBe(200);
    expect((await runtime().request('GET', path, { as: 'trainee1' })).status).toBe(200);
    expect((await runtime().request('GET', path, { as: 'trainee2' })).status).toBe(403);
    expect((await runtime().request('GET', path, { as: 'school2' })).status).toBe(403);
    expect((await runtime().request('GET', path, { as: 'reviewer2' })).status).toBe(403);
    expect((await runtime().request('GET', path, { as: 'finance1' })).status).toBe(403);
  });

  it('submits the application and announces Class.Submitted; refuses submission by a reviewer', async () => {
    expect((await submit(classId, 'reviewer1')).status).toBe(403);
    const response = await submit(classId);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({ status: 'SUBMITTED', version: 2 });
    const event = await runtime().bus.waitFor({ 'detail-type': ['Class.Submitted'], detail: { class: { classId: [classId] } } }, { timeoutMs: 5_000 });
    expect(event.detail).toMatchObject({ class: { trainingType: 'EMPLOYMENT_SHORT', recordingRequired: false } });
  });

  it('lists classes: staff their institution’s, reviewers what their office has to review; refuses trainees', async () => {
    const ids = async (as: string, query = '') =>
      ((await runtime().request('GET', `/classes${query}`, { as })).body as { classes: Array<{ classId: string }> }).classes.map((c) => c.classId);
    expect(await ids('school1')).toContain(classId);
    expect(await ids('school2')).not.toContain(classId);
    expect(await ids('reviewer1', '?status=SUBMITTED')).toContain(classId);
    expect(await ids('reviewer1', '?status=DRAFT')).not.toContain(classId);
    expect(await ids('reviewer2', '?status=SUBMITTED')).not.toContain(classId);
    expect((await runtime().request('GET', '/classes', { as: 'trainee1' })).status).toBe(403);
  });

  it('Art. 9: a submitted application is not edited in place; changes go through the office', async () => {
    const response = await runtime().request('PUT', `/classes/${classId}`, { as: 'school1', body: shortCourse('2027-01-11', [selfRegistered.traineeId]) });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ code: 'CLASS_LOCKED_USE_CHANGE_REQUEST' });
  });

  it('Art. 9: only a reviewer of the approving office’s area reviews; institutions may not', async () => {
    const outside = await review(classId, 'APPROVE', [], 'reviewer2');
    expect(outside.status).toBe(403);
    expect(outside.body).toMatchObject({ code: 'REVIEWER_OUTSIDE_AREA' });
    expect((await review(classId, 'APPROVE', [], 'school1')).status).toBe(403);
  });

  it('Art. 28: rejecting or returning without reasons is refused', async () => {
    const response = await review(classId, 'REJECT');
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ code: 'REASONS_REQUIRED' });
  });

  it('approves: Class.Approved, Trainee.Enrolled per trainee and Session.Scheduled per session', async () => {
    const response = await review(classId, 'APPROVE', ['材料齐全']);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({ status: 'APPROVED', version: 3 });
    expect((response.body as ClassView).history.map((step) => step.action)).toEqual(['SUBMIT', 'APPROVE']);
    await runtime().bus.waitFor({ 'detail-type': ['Class.Approved'], detail: { class: { classId: [classId] } } }, { timeoutMs: 5_000 });
    // The school's label `d2pm` travels beside the id the system gave the session.
    const d2pm = (response.body as ClassView).sessions.find((session) => session.label === 'd2pm')?.sessionId ?? '';
    expect(d2pm).toMatch(/^ses_[0-9a-z]{26}$/);
    await runtime().bus.waitFor({ 'detail-type': ['Session.Scheduled'], detail: { classId: [classId], session: { sessionId: [d2pm], label: ['d2pm'] } } }, { timeoutMs: 5_000 });
    const enrolled = await runtime().bus.waitFor(
      { 'detail-type': ['Trainee.Enrolled'], detail: { classId: [classId], member: { traineeId: [selfRegistered.traineeId] } } },
      { timeoutMs: 5_000 },
    );
    expect(JSON.stringify(enrolled)).not.toContain(residentId('520102', '19900515', 102));
  });

  it('shows trainees their own approved classes with sessions; refuses another trainee', async () => {
    const path = `/trainees/${selfRegistered.traineeId}/classes`;
    const own = await runtime().request('GET', path, { as: 'trainee1' });
    expect(own.status, JSON.stringify(own.body)).toBe(200);
    expect(own.body).toMatchObject({ classes: [{ classId, sessions: expect.arrayContaining([expect.objectContaining({ startsAt: '2027-01-11T09:00:00+08:00' })]) }] });
    expect((await runtime().request('GET', path, { as: 'reviewer1' })).status).toBe(200);
    expect((await runtime().request('GET', path, { as: 'trainee2' })).status).toBe(403);
    expect((await runtime().request('GET', path, { as: 'school1' })).status).toBe(403);
  });

  it('Art. 28: a trainee cannot sit in a second class whose sessions overlap, and the refusal names trainee and session', async () => {
    const clash = await draft(shortCourse('2027-01-12', [selfRegistered.traineeId], 1));
    const response = await submit(clash.classId);
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ code: 'CLASS_APPLICATION_VIOLATES_RULES' });
    expect(ruleCodes(response)).toContain('TRAINEE_SESSION_OVERLAP');
    expect(messageOf(response, 'TRAINEE_SESSION_OVERLAP')).toContain(selfRegistered.name);
    expect(messageOf(response, 'TRAINEE_SESSION_OVERLAP')).toContain('2027-01-12');
  });

  it('Art. 23: a class cannot start before the day of its first session; trainees may not start it', async () => {
    expect((await runtime().request('POST', `/classes/${classId}/start`, { as: 'trainee1' })).status).toBe(403);
    const response = await runtime().request('POST', `/classes/${classId}/start`, { as: 'school1' });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ code: 'CLASS_NOT_YET_STARTED' });
  });

  it('Art. 23: completing a class that has not started is refused; trainees may not complete', async () => {
    expect((await runtime().request('POST', `/classes/${classId}/complete`, { as: 'trainee1' })).status).toBe(403);
    const response = await runtime().request('POST', `/classes/${classId}/complete`, { as: 'reviewer1' });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ code: 'TRANSITION_NOT_ALLOWED' });
  });

  it('cancelling an approved class (with reasons) frees its trainees for another class at that time', async () => {
    expect((await runtime().request('POST', `/classes/${classId}/cancel`, { as: 'trainee1', body: { reasons: ['x'] } })).status).toBe(403);
    expect((await runtime().request('POST', `/classes/${classId}/cancel`, { as: 'school1', body: { reasons: [] } })).status).toBe(422);
    const response = await runtime().request('POST', `/classes/${classId}/cancel`, { as: 'school1', body: { reasons: ['报名人数变化，改期举办'] } });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({ status: 'CANCELLED' });
    await runtime().bus.waitFor({ 'detail-type': ['Class.Cancelled'], detail: { classId: [classId] } }, { timeoutMs: 5_000 });
    await runtime().bus.waitFor({ 'detail-type': ['Session.Cancelled'], detail: { classId: [classId] } }, { timeoutMs: 5_000 });
    const again = await submitted(shortCourse('2027-01-12', [selfRegistered.traineeId], 1));
    expect((await review(again, 'APPROVE')).status).toBe(200);
  });
});

describe('return and rejection (Art. 9, 28)', () => {
  it('a returned application is edited and submitted again; a rejected one is final, with Class.Rejected', async () => {
    const trainee = await registerTrainee();
    const classId = await submitted(shortCourse('2027-02-01', [trainee.traineeId]));
    const returned = await review(classId, 'RETURN', ['请补充教学计划']);
    expect(returned.body).toMatchObject({ status: 'RETURNED' });
    await runtime().bus.waitFor({ 'detail-type': ['Class.Returned'], detail: { classId: [classId] } }, { timeoutMs: 5_000 });
    const edited = await runtime().request('PUT', `/classes/${classId}`, { as: 'school1', body: shortCourse('2027-02-02', [trainee.traineeId]) });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect((await submit(classId)).status).toBe(200);
    const rejected = await review(classId, 'REJECT', ['场地条件不符合']);
    expect(rejected.body).toMatchObject({ status: 'REJECTED' });
    const event = await runtime().bus.waitFor({ 'detail-type': ['Class.Rejected'], detail: { classId: [classId] } }, { timeoutMs: 5_000 });
    expect(event.detail).toMatchObject({ reasons: ['场地条件不符合'], decidedBy: { role: 'reviewer', areaCode: '520102' } });
    expect((await review(classId, 'APPROVE')).body).toMatchObject({ code: 'TRANSITION_NOT_ALLOWED' });
  });
});

describe('the overlap rule holds under concurrent approvals (Art. 28)', () => {
  it('Art. 28: of two overlapping classes approved at the same moment, exactly one is approved', async () => {
    const shared = await registerTrainee();
    const first = await submitted(shortCourse('2027-03-01', [shared.traineeId]));
    const second = await submitted(shortCourse('2027-03-02', [shared.traineeId], 1));
    const [a, b] = await Promise.all([review(first, 'APPROVE'), review(second, 'APPROVE')]);
    expect([a.status, b.status].sort()).toEqual([200, 422]);
    const refused = a.status === 422 ? a : b;
    expect(ruleCodes(refused)).toContain('TRAINEE_SESSION_OVERLAP');
  });
});

describe('a teacher is not double-booked (Art. 30: 培训师资、培训时间达到既定要求)', () => {
  /** One afternoon session of a one-day short course on `date`, taught by `teacher`. */
  const afternoon = (name: string, date: string, start: string, end: string, hours: number, trainee: string, teacher: string): ClassApplicationBody => ({
    ...shortCourse(date, [trainee], 1),
    name,
    sessions: [{ sessionId: 'pm', date, start, end, hours, topic: '实操', teacherIds: [teacher] }],
  });

  it('Art. 30: a teacher cannot teach two overlapping sessions of two classes (13:00–15:00 and 13:30–14:30); the refusal names teacher, other class and session', async () => {
    const teacher = await registerTeacher('李秀英');
    const [first, second] = [await registerTrainee(), await registerTrainee()];
    const booked = await submitted(afternoon('九月面点班', '2027-09-06', '13:00', '15:00', 2, first.traineeId, teacher));
    expect((await review(booked, 'APPROVE')).status).toBe(200);
    const clash = await draft(afternoon('九月凉菜班', '2027-09-06', '13:30', '14:30', 1, second.traineeId, teacher));
    const response = await submit(clash.classId);
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ code: 'CLASS_APPLICATION_VIOLATES_RULES' });
    expect(ruleCodes(response)).toEqual(['TEACHER_SESSION_OVERLAP']);
    const message = messageOf(response, 'TEACHER_SESSION_OVERLAP');
    expect(message).toContain('李秀英');
    expect(message).toContain('九月面点班');
    expect(message).toContain('2027-09-06 13:30—14:30');
    expect(message).toContain('2027-09-06 13:00—15:00');
    // Cancelling the first class frees the teacher's afternoon.
    expect((await runtime().request('POST', `/classes/${booked}/cancel`, { as: 'school1', body: { reasons: ['教师调整'] } })).status).toBe(200);
    expect((await submit(clash.classId)).status).toBe(200);
    expect((await review(clash.classId, 'APPROVE')).status).toBe(200);
  });

  it('Art. 30: of two classes sharing a teacher approved at the same moment, exactly one is approved', async () => {
    const teacher = await registerTeacher('陈国强');
    const [first, second] = [await registerTrainee(), await registerTrainee()];
    const a = await submitted(afternoon('十月面点班', '2027-10-18', '13:00', '15:00', 2, first.traineeId, teacher));
    const b = await submitted(afternoon('十月凉菜班', '2027-10-18', '13:30', '14:30', 1, second.traineeId, teacher));
    const answers = await Promise.all([review(a, 'APPROVE'), review(b, 'APPROVE')]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 422]);
    const refused = answers.find((answer) => answer.status === 422);
    expect(refused === undefined ? [] : ruleCodes(refused)).toEqual(['TEACHER_SESSION_OVERLAP']);
  });
});

describe('guideline rules at submission, each naming what is wrong', () => {
  it('Art. 18: class size above 60 is rejected (long-term training)', async () => {
    const roster = Array.from({ length: 61 }, (_, i) => `trn_${String(i).padStart(26, '0')}`);
    const classId = (
      await draft(
        shortCourse('2027-04-01', roster, 2, { trainingType: 'EMPLOYMENT_LONG_TERM', certificates: [{ occupationCode: '4-03-02-01', level: 'LEVEL_5' }] }),
      )
    ).classId;
    const response = await submit(classId);
    expect(response.status).toBe(422);
    expect(ruleCodes(response)).toContain('CLASS_SIZE_EXCEEDED');
    expect(messageOf(response, 'CLASS_SIZE_EXCEEDED')).toContain('61');
  });

  it('Art. 18(3): an entrepreneurship class above 30 is rejected', async () => {
    const roster = Array.from({ length: 31 }, (_, i) => `trn_${String(i).padStart(26, '1')}`);
    const body = shortCourse('2027-04-03', roster, 2, { trainingType: 'ENTREPRENEURSHIP', occupationCode: 'GZ-CY-SYB' });
    const response = await submit((await draft(body)).classId);
    expect(ruleCodes(response)).toContain('ENTREPRENEURSHIP_CLASS_SIZE_EXCEEDED');
    expect(messageOf(response, 'ENTREPRENEURSHIP_CLASS_SIZE_EXCEEDED')).toContain('31');
  });

  it('Art. 18(1): a special vocational ability class above 160 subsidised hours is rejected', async () => {
    const trainee = await registerTrainee();
    const body = shortCourse('2027-07-01', [trainee.traineeId], 21, {
      trainingType: 'EMPLOYMENT_LONG_TERM',
      occupationCode: 'GZ-ZX-QC01',
      certificates: [{ occupationCode: 'GZ-ZX-QC01', level: 'SPECIAL_ABILITY' }],
    });
    const response = await submit((await draft(body)).classId);
    expect(ruleCodes(response)).toContain('SUBSIDISED_HOURS_ABOVE_ARTICLE_CAP');
    expect(messageOf(response, 'SUBSIDISED_HOURS_ABOVE_ARTICLE_CAP')).toContain('168');
  });

  it('Art. 13: an apprenticeship class without its training period is rejected', async () => {
    const trainee = await registerTrainee({ targetGroups: ['ENTERPRISE_EMPLOYEE'] });
    const response = await submit((await draft(shortCourse('2027-08-02', [trainee.traineeId], 1, { trainingType: 'APPRENTICESHIP' }))).classId);
    expect(ruleCodes(response)).toContain('APPRENTICESHIP_PERIOD_REQUIRED');
  });

  it('Art. 27: a trainee not registered under real name is refused by id', async () => {
    const unknown = 'trn_0000000000000000000000zzzz';
    const response = await submit((await draft(shortCourse('2027-04-05', [unknown]))).classId);
    expect(ruleCodes(response)).toContain('TRAINEE_NOT_REGISTERED');
    expect(messageOf(response, 'TRAINEE_NOT_REGISTERED')).toContain(unknown);
  });

  it('Art. 18(2): a short course longer than 3 days is rejected', async () => {
    const trainee = await registerTrainee();
    const response = await submit((await draft(shortCourse('2027-04-10', [trainee.traineeId], 4))).classId);
    expect(ruleCodes(response)).toContain('SHORT_COURSE_TOO_MANY_DAYS');
  });

  it('Art. 18(1): one class may not mix special vocational ability and level-5 certificates', async () => {
    const trainee = await registerTrainee();
    const body = shortCourse('2027-04-20', [trainee.traineeId], 2, {
      trainingType: 'EMPLOYMENT_LONG_TERM',
      certificates: [
        { occupationCode: '4-03-02-01', level: 'LEVEL_5' },
        { occupationCode: 'GZ-ZX-QC01', level: 'SPECIAL_ABILITY' },
      ],
    });
    const response = await submit((await draft(body)).classId);
    expect(ruleCodes(response)).toContain('CERTIFICATE_MIX_SPECIAL_AND_LEVEL_5');
  });

  it('Art. 9 (以岗定训): a long-term class without a job-demand link is rejected', async () => {
    const trainee = await registerTrainee();
    const body = shortCourse('2027-04-25', [trainee.traineeId], 2, {
      trainingType: 'EMPLOYMENT_LONG_TERM',
      certificates: [{ occupationCode: '4-03-02-01', level: 'LEVEL_5' }],
    });
    expect(ruleCodes(await submit((await draft(body)).classId))).toContain('JOB_DEMAND_LINK_REQUIRED');
  });

  it('Labour Law Art. 15: a trainee under 16 on the first day is refused, by name', async () => {
    const young = await registerTrainee({ name: '李小明' }, 'school1', '20120101');
    const response = await submit((await draft(shortCourse('2027-05-03', [young.traineeId]))).classId);
    expect(ruleCodes(response)).toContain('TRAINEE_TOO_YOUNG');
    expect(messageOf(response, 'TRAINEE_TOO_YOUNG')).toContain('李小明');
  });

  it('Art. 18(2): rural workers up to 65 may join an agricultural short course, not an ordinary one; above 65 is refused', async () => {
    const farmSite = await runtime().request('POST', '/institutions/ins_demo/sites', {
      as: 'school1',
      body: { name: '花溪区农业实训基地', address: '贵阳市花溪区1号', areaCode: '520102', floorAreaSqm: 2000, capacity: 60, facilities: [], occupationCodes: ['5-01-02-01'] },
    });
    const farm = { occupationCode: '5-01-02-01', siteId: (farmSite.body as { siteId: string }).siteId };
    const sixtyTwo = await registerTrainee({ name: '杨大伯' }, 'school1', '19640301');
    const agricultural = await submit((await draft(shortCourse('2027-05-20', [sixtyTwo.traineeId], 2, farm))).classId);
    expect(agricultural.status, JSON.stringify(agricultural.body)).toBe(200);
    const ordinary = await submit((await draft(shortCourse('2027-05-26', [sixtyTwo.traineeId]))).classId);
    expect(ruleCodes(ordinary)).toContain('TRAINEE_ABOVE_LOCAL_AGE_LIMIT');
    const sixtySeven = await registerTrainee({ name: '吴大爷' }, 'school1', '19600101');
    const tooOld = await submit((await draft(shortCourse('2027-05-28', [sixtySeven.traineeId], 2, farm))).classId);
    expect(ruleCodes(tooOld)).toContain('TRAINEE_TOO_OLD');
    expect(messageOf(tooOld, 'TRAINEE_TOO_OLD')).toContain('吴大爷');
  });

  it('Art. 15: a trainee outside the target groups of the track is refused', async () => {
    const employee = await registerTrainee({ targetGroups: ['ENTERPRISE_EMPLOYEE'] });
    const response = await submit((await draft(shortCourse('2027-05-10', [employee.traineeId]))).classId);
    expect(ruleCodes(response)).toContain('TRAINEE_NOT_ELIGIBLE_FOR_TRACK');
  });

  it('Art. 33: an unregistered teacher cannot be put on a class, and the refusal names the teacher', async () => {
    const trainee = await registerTrainee();
    const body = shortCourse('2027-05-17', [trainee.traineeId]);
    const withStranger = { ...body, sessions: body.sessions.map((session) => ({ ...session, teacherIds: ['tch_unknown'] })) };
    const response = await submit((await draft(withStranger)).classId);
    expect(ruleCodes(response)).toContain('TEACHER_NOT_REGISTERED');
    expect(messageOf(response, 'TEACHER_NOT_REGISTERED')).toContain('tch_unknown');
  });

  it('Art. 33: a teacher whose yearly registration has run out on a session date is refused', async () => {
    const trainee = await registerTrainee();
    const response = await submit((await draft(shortCourse('2027-11-01', [trainee.traineeId]))).classId);
    expect(ruleCodes(response)).toContain('TEACHER_REGISTRATION_NOT_VALID');
    expect(messageOf(response, 'TEACHER_REGISTRATION_NOT_VALID')).toContain('王建国');
  });

  it('Art. 23: the site must be one of the institution’s own (refused as not its own: 403, whether or not it exists)', async () => {
    const response = await runtime().request('POST', '/classes', { as: 'school1', body: shortCourse('2027-05-24', [], 1, { siteId: 'site_elsewhere' }) });
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('change requests for approved classes (Art. 9, 28)', () => {
  const requestChange = (classId: string, change: unknown, as = 'school1') =>
    runtime().request('POST', `/classes/${classId}/change-requests`, { as, body: { change, reason: '学员调整' } });
  const decide = (classId: string, changeRequestId: string, decision: 'APPROVE' | 'REJECT', reasons: string[] = [], as = 'reviewer1') =>
    runtime().request('POST', `/classes/${classId}/change-requests/${changeRequestId}/decision`, { as, body: { decision, reasons } });

  async function approved(body: ClassApplicationBody): Promise<string> {
    const classId = await submitted(body);
    const response = await review(classId, 'APPROVE');
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return classId;
  }

  it('Art. 9: adding a trainee to an approved class is a change request the area’s office approves', async () => {
    const [first, added] = [await registerTrainee(), await registerTrainee()];
    const classId = await approved(shortCourse('2027-06-01', [first.traineeId]));
    const change = { kind: 'ADD_TRAINEE', entry: { traineeId: added.traineeId, applicationFormId: formFor(8) } };
    expect((await requestChange(classId, change, 'trainee1')).status).toBe(403);
    const requested = await requestChange(classId, change);
    expect(requested.status, JSON.stringify(requested.body)).toBe(201);
    const { changeRequestId } = requested.body as { changeRequestId: string };
    const outside = await decide(classId, changeRequestId, 'APPROVE', [], 'reviewer2');
    expect(outside.body).toMatchObject({ code: 'REVIEWER_OUTSIDE_AREA' });
    expect((await decide(classId, changeRequestId, 'APPROVE', [], 'school1')).status).toBe(403);
    const decided = await decide(classId, changeRequestId, 'APPROVE');
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    expect(decided.body).toMatchObject({ status: 'APPROVED' });
    const read = (await runtime().request('GET', `/classes/${classId}`, { as: 'school1' })).body as ClassView;
    expect(read).toMatchObject({ status: 'APPROVED', version: 4 });
    expect(read.application.roster.map((entry) => entry.traineeId)).toContain(added.traineeId);
    await runtime().bus.waitFor({ 'detail-type': ['Class.Changed'], detail: { changeRequestId: [changeRequestId] } }, { timeoutMs: 5_000 });
    await runtime().bus.waitFor(
      { 'detail-type': ['Trainee.Enrolled'], detail: { via: ['CHANGE_APPROVED'], member: { traineeId: [added.traineeId] } } },
      { timeoutMs: 5_000 },
    );
    const again = await decide(classId, changeRequestId, 'APPROVE');
    expect(again.body).toMatchObject({ code: 'CHANGE_REQUEST_ALREADY_DECIDED' });
  });

  it('Art. 9: a draft class is edited directly, not through a change request', async () => {
    const created = await draft(shortCourse('2027-06-08', []));
    const response = await requestChange(created.classId, { kind: 'CANCEL_SESSION', sessionId: 'd1am' });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ code: 'CHANGE_REQUEST_NOT_APPLICABLE' });
  });

  it('Art. 28: a session moved onto another class of the same trainee is refused, naming trainee and session', async () => {
    const trainee = await registerTrainee({ name: '韩梅梅' });
    await approved(shortCourse('2027-06-15', [trainee.traineeId], 1));
    const classId = await approved(shortCourse('2027-06-16', [trainee.traineeId], 1));
    const requested = await requestChange(classId, { kind: 'MOVE_SESSION', sessionId: 'd1am', date: '2027-06-15', start: '10:00', end: '11:30' });
    const { changeRequestId } = requested.body as { changeRequestId: string };
    const response = await decide(classId, changeRequestId, 'APPROVE');
    expect(response.status).toBe(422);
    expect(ruleCodes(response)).toContain('TRAINEE_SESSION_OVERLAP');
    expect(messageOf(response, 'TRAINEE_SESSION_OVERLAP')).toContain('韩梅梅');
  });

  it('Art. 28: refusing a change needs reasons; a withdrawn trainee is announced and freed for another class', async () => {
    const [stays, leaves] = [await registerTrainee(), await registerTrainee()];
    const classId = await approved(shortCourse('2027-06-22', [stays.traineeId, leaves.traineeId], 1));
    const requested = await requestChange(classId, { kind: 'WITHDRAW_TRAINEE', traineeId: leaves.traineeId });
    const { changeRequestId } = requested.body as { changeRequestId: string };
    expect((await decide(classId, changeRequestId, 'REJECT')).body).toMatchObject({ code: 'CHANGE_REASON_REQUIRED' });
    expect((await decide(classId, changeRequestId, 'APPROVE')).status).toBe(200);
    await runtime().bus.waitFor({ 'detail-type': ['Trainee.Withdrawn'], detail: { traineeId: [leaves.traineeId] } }, { timeoutMs: 5_000 });
    // Taught by someone else: the class's own teacher is still booked at that time (Art. 30).
    const elsewhere = await submitted(taughtBy(shortCourse('2027-06-22', [leaves.traineeId], 1), await registerTeacher('周晓燕')));
    expect((await review(elsewhere, 'APPROVE')).status).toBe(200);
  });
});

describe('training projects, job demands and long-term classes (Art. 4, 7, 9, 24)', () => {
  const project = (procurement: Record<string, unknown>, fundsFen = 250_000_000) => ({
    year: 2027,
    areaCode: '520102',
    trainingType: 'EMPLOYMENT_LONG_TERM',
    occupationCode: '4-03-02-01',
    headcount: 200,
    fundsFen,
    caseByCase: false,
    procurement: { urgent: false, eMallRequired: false, completedOn: '2027-01-20', awardedInstitutionIds: ['ins_demo'], ...procurement },
  });

  it('Art. 7: a project of 2,000,000 CNY or more must be publicly tendered', async () => {
    const response = await runtime().request('POST', '/projects', { as: 'reviewer1', body: project({ method: 'COMPETITIVE_NEGOTIATION' }) });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ code: 'PROJECT_PROCUREMENT_INVALID' });
    expect(ruleCodes(response)).toContain('PROCUREMENT_METHOD_NOT_ALLOWED_FOR_AMOUNT');
  });

  it('Art. 7: single-source procurement needs an urgent task with a justification', async () => {
    const response = await runtime().request('POST', '/projects', { as: 'reviewer1', body: project({ method: 'SINGLE_SOURCE' }, 30_000_000) });
    expect(ruleCodes(response)).toContain('SINGLE_SOURCE_REQUIRES_URGENCY');
  });

  it('only the area’s office publishes projects and job demands; institutions may not', async () => {
    expect((await runtime().request('POST', '/projects', { as: 'school1', body: project({ method: 'PUBLIC_TENDER' }) })).status).toBe(403);
    expect((await runtime().request('POST', '/projects', { as: 'reviewer2', body: project({ method: 'PUBLIC_TENDER' }) })).status).toBe(403);
    const demand = { occupationCode: '4-03-02-01', employerName: '贵州黔厨餐饮管理有限公司', positions: 50, validUntil: '2027-12-31' };
    expect((await runtime().request('POST', '/job-demands', { as: 'school1', body: demand })).status).toBe(403);
  });

  it('Art. 9, 24: a long-term class opened against a job demand under an awarded project is approved, with whole-process recording required', async () => {
    const published = await runtime().request('POST', '/projects', { as: 'reviewer1', body: project({ method: 'PUBLIC_TENDER' }) });
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    const demand = await runtime().request('POST', '/job-demands', {
      as: 'reviewer1',
      body: { occupationCode: '4-03-02-01', employerName: '贵州黔厨餐饮管理有限公司', positions: 50, validUntil: '2027-12-31' },
    });
    expect(demand.status, JSON.stringify(demand.body)).toBe(201);
    const trainee = await registerTrainee();
    const body = shortCourse('2027-09-06', [trainee.traineeId], 2, {
      trainingType: 'EMPLOYMENT_LONG_TERM',
      certificates: [{ occupationCode: '4-03-02-01', level: 'LEVEL_5' }],
      projectId: (published.body as { projectId: string }).projectId,
      jobDemandId: (demand.body as { jobDemandId: string }).jobDemandId,
    });
    const classId = await submitted(body);
    const approved = await review(classId, 'APPROVE');
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const event = await runtime().bus.waitFor({ 'detail-type': ['Class.Approved'], detail: { class: { classId: [classId] } } }, { timeoutMs: 5_000 });
    expect(event.detail).toMatchObject({
      class: { trainingMode: 'LONG_TERM', recordingRequired: true, certificates: [{ level: 'LEVEL_5', subsidyFen: 180000 }] },
    });
  });
});

describe('running a class on the training calendar (Art. 23, 28), with the runtime’s clock moved', () => {
  // The runtime is shared by the whole file: put the clock back for whatever runs next.
  afterEach(() => runtime().setClock(undefined));

  /** 2027-10-11 and -12, 09:00–17:00 each day (Asia/Shanghai); approved now, long before it starts; a teacher of its own (Art. 30). */
  async function approvedClass(): Promise<string> {
    const trainee = await registerTrainee();
    const classId = await submitted(taughtBy(shortCourse('2027-10-11', [trainee.traineeId]), await registerTeacher('赵立新')));
    expect((await review(classId, 'APPROVE')).status).toBe(200);
    return classId;
  }
  const start = (classId: string) => runtime().request('POST', `/classes/${classId}/start`, { as: 'school1' });
  const complete = (classId: string, as = 'school1') => runtime().request('POST', `/classes/${classId}/complete`, { as });

  it('Art. 23: the school starts the class on the day of its first session, announced by Class.Started', async () => {
    const classId = await approvedClass();
    runtime().setClock(new Date('2027-10-10T23:59:00+08:00'));
    expect((await start(classId)).body).toMatchObject({ code: 'CLASS_NOT_YET_STARTED' });

    runtime().setClock(new Date('2027-10-11T08:00:00+08:00'));
    const response = await start(classId);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({ status: 'IN_PROGRESS' });
    const history = (response.body as ClassView).history;
    expect(history.at(-1)).toMatchObject({ action: 'START', at: expect.stringMatching(/^2027-10-11T08:0\d:\d\d\+08:00$/) });
    const event = await runtime().bus.waitFor({ 'detail-type': ['Class.Started'], detail: { classId: [classId] } }, { timeoutMs: 5_000 });
    expect(event.detail).toMatchObject({ institutionId: 'ins_demo', by: { role: 'institution' }, at: expect.stringMatching(/^2027-10-11T08:0/) });
  });

  it('Art. 23, 28: it completes only after its last session ended, by the school or the area’s reviewer, announced by Class.Completed', async () => {
    const classId = await approvedClass();
    runtime().setClock(new Date('2027-10-11T08:30:00+08:00'));
    expect((await start(classId)).status).toBe(200);

    runtime().setClock(new Date('2027-10-12T16:59:00+08:00'));
    const early = await complete(classId);
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'CLASS_NOT_FINISHED' });

    runtime().setClock(new Date('2027-10-12T17:30:00+08:00'));
    const response = await complete(classId, 'reviewer1');
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({ status: 'COMPLETED' });
    expect((response.body as ClassView).history.map((step) => step.action)).toEqual(['SUBMIT', 'APPROVE', 'START', 'COMPLETE']);
    const event = await runtime().bus.waitFor({ 'detail-type': ['Class.Completed'], detail: { classId: [classId] } }, { timeoutMs: 5_000 });
    expect(event.detail).toMatchObject({ by: { role: 'reviewer' }, at: expect.stringMatching(/^2027-10-12T17:3/) });
    expect((event.detail as { rosterTraineeIds: string[] }).rosterTraineeIds).toHaveLength(1);
  });
});
