/**
 * The authorization matrix, generated from `services/manifests.ts`: every route × every role ×
 * {own, other institution, other area}, called against the local runtime and compared with the
 * route's declared access (`shared/src/access.ts`). A route whose contract declares no access does
 * not compile; a route the manifests list without a request recipe here fails this test, so a new
 * service's routes join the matrix as they are wired.
 *
 * The callers are the seeded users of each role (trainee1, school1, reviewer1, finance1, admin),
 * always the same: the cases change whose data the request names —
 * - own: 南明区 520102, `ins_demo`, and the record trainee1 claimed;
 * - other institution: another school in the same area (`ins_near`, 520102);
 * - other area: `ins_demo2` in 红花岗区 520302, reviewed by reviewer2.
 * Expected: a role the route does not declare gets 403; a declared role gets 403 or 404 where its
 * scope does not reach the data, and an answer that is neither 401, 403 nor 404 where it does.
 * Routes that name no record (lists, registrations of oneself) are called once per role, and the
 * answer must not mention the data of a tenant the scope does not reach.
 */
import { type ClassView, type EventEnvelope, ROLES, type Role, type RouteContract, sessionIdFor } from '@peixun/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceManifests } from '../../services/manifests';
import { photo } from '../../services/attendance/test/support/face-fixtures';
import { ALL_MATERIALS, creditCode, residentId } from '../../services/enrollment/test/support/issue3-fixtures';
import { approved, classSnapshot, session } from '../e2e/fixtures/recording-classes';
import { useLocalRuntime } from '../support/runtime';

const runtime = useLocalRuntime();

type TenantKey = 'own' | 'near' | 'far';
type Case = 'own' | 'otherInstitution' | 'otherArea';
const CASES: readonly Case[] = ['own', 'otherInstitution', 'otherArea'];
const TENANT_OF: Record<Case, TenantKey> = { own: 'own', otherInstitution: 'near', otherArea: 'far' };
const CALLER: Record<Role, string> = { trainee: 'trainee1', institution: 'school1', reviewer: 'reviewer1', finance: 'finance1', admin: 'admin', evaluator: 'evaluator1' };

interface Tenant {
  readonly institutionId: string;
  readonly areaCode: string;
  readonly cityCode: string;
  /** Username of its staff login (the `near` school's is minted for this test) and of its reviewer. */
  readonly staff: string;
  readonly reviewer: string;
  readonly organisation: string;
  siteId: string;
  teacherId: string;
  traineeId: string;
  idNumber: string;
  classId: string;
  sessionId: string;
  changeRequestId: string;
  filmedSessionId: string;
  filmedClassId: string;
  recordingId: string;
  manualRecordId: string;
}

const tenant = (institutionId: string, areaCode: string, cityCode: string, staff: string, reviewer: string, organisation: string): Tenant => ({
  institutionId, areaCode, cityCode, staff, reviewer, organisation,
  siteId: '', teacherId: '', traineeId: '', idNumber: '', classId: '', sessionId: '', changeRequestId: '', filmedSessionId: '', filmedClassId: '', recordingId: '', manualRecordId: '',
});

const TENANTS: Record<TenantKey, Tenant> = {
  own: tenant('ins_demo', '520102', '520100', 'school1', 'reviewer1', 'MJY11111A'),
  near: tenant('ins_near', '520102', '520100', 'school-near', 'reviewer1', 'MJY22222B'),
  far: tenant('ins_demo2', '520302', '520300', 'school2', 'reviewer2', 'MJY33333C'),
};

const NEAR_STAFF = { username: 'school-near', sub: '6f1c2b0e-0a5e-4a43-9a55-2f4a6d0c1b09', name: '钱老师', groups: ['institution'] as const, institutionId: 'ins_near' };

let sequence = 700;
const unique = (): number => (sequence += 2);

interface Answer {
  status: number;
  text: string;
}

async function call(as: string, method: string, path: string, body?: unknown, contentType?: string): Promise<Answer> {
  const token = as === NEAR_STAFF.username ? (await runtime().issuer.issue({ ...NEAR_STAFF, groups: [...NEAR_STAFF.groups] })).idToken : await runtime().issuer.tokenFor(as);
  const json = body !== undefined && contentType === undefined;
  const response = await fetch(`${runtime().urls.api}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(json ? { 'content-type': 'application/json' } : {}),
      ...(contentType === undefined ? {} : { 'content-type': contentType }),
    },
    ...(body === undefined ? {} : { body: json ? JSON.stringify(body) : String(body) }),
  });
  return { status: response.status, text: await response.text() };
}

async function ok<T>(answer: Promise<Answer>, status: number): Promise<T> {
  const { status: got, text } = await answer;
  expect(got, text).toBe(status);
  return JSON.parse(text) as T;
}

const traineeBody = (idNumber: string) => ({
  idNumber,
  name: '张三',
  phone: '13812345678',
  targetGroups: ['RURAL_MIGRANT_WORKER'],
  biometricConsent: { agreed: true, agreedAt: '2026-11-26T10:00:00+08:00', noticeVersion: '2026-01' },
});

const siteBody = (areaCode: string) => ({
  name: '实训基地', address: '示范路1号', areaCode, floorAreaSqm: 600, capacity: 80, facilities: [{ name: '中式烹调工位', quantity: 40 }], occupationCodes: ['4-03-02-01'],
});

const teacherBody = (t: Tenant) => ({
  idNumber: residentId(t.areaCode, '19800101', unique()),
  name: '王建国',
  institutionIds: [t.institutionId],
  qualification: { certificateNumber: `GZ-SZ-${unique()}`, description: '职业技能等级证书（二级/技师）' },
  registration: { cityCode: t.cityCode, approvedOn: '2026-11-01' },
});

const institutionBody = (t: Tenant, institutionId = t.institutionId, organisation = t.organisation) => ({
  institutionId,
  name: `${t.areaCode}示范职业培训学校`,
  kind: 'PRIVATE_TRAINING_SCHOOL',
  creditCode: creditCode(organisation),
  areaCode: t.areaCode,
  licences: [{ kind: 'SCHOOL_OPERATING_PERMIT', number: `人社民${t.areaCode}000123`, issuedBy: '人力资源和社会保障局', validFrom: '2024-01-01', validUntil: '2030-12-31' }],
  sites: [siteBody(t.areaCode)],
});

const classBody = (t: Tenant, date: string) => ({
  name: `${date}中式烹调短期技能培训班`,
  trainingType: 'EMPLOYMENT_SHORT',
  occupationCode: '4-03-02-01',
  certificates: [],
  siteId: t.siteId,
  materials: ALL_MATERIALS,
  sessions: ['s1', 's2'].map((label, index) => ({ sessionId: label, date, start: `${9 + index * 2}:00`.padStart(5, '0'), end: `${10 + index * 2}:00`.padStart(5, '0'), hours: 1, topic: `第${index + 1}课`, teacherIds: [t.teacherId] })),
  roster: [{ traineeId: t.traineeId, applicationFormId: 'form_1' }],
});

const FACES: Record<TenantKey, string> = { own: 'audrey.jpg', near: 'cage.jpg', far: 'SeanConnery.jpg' };

async function build(key: TenantKey, index: number): Promise<void> {
  const t = TENANTS[key];
  const institution = await ok<{ sites: Array<{ siteId: string }> }>(call('admin', 'POST', '/institutions', institutionBody(t)), 201);
  t.siteId = institution.sites[0]?.siteId ?? '';
  t.teacherId = (await ok<{ teacherId: string }>(call('admin', 'POST', '/teachers', teacherBody(t)), 201)).teacherId;
  t.idNumber = residentId('520102', '19900515', unique());
  t.traineeId = (await ok<{ traineeId: string }>(call(t.staff, 'POST', '/trainees', traineeBody(t.idNumber)), 201)).traineeId;
  const created = await ok<ClassView>(call(t.staff, 'POST', '/classes', classBody(t, `2027-10-1${index}`)), 201);
  t.classId = created.classId;
  await ok(call(t.staff, 'POST', `/classes/${t.classId}/submit`), 200);
  const approvedView = await ok<ClassView>(call(t.reviewer, 'POST', `/classes/${t.classId}/review`, { decision: 'APPROVE', reasons: [] }), 200);
  t.sessionId = approvedView.sessions[0]?.sessionId ?? '';
  t.changeRequestId = (
    await ok<{ changeRequestId: string }>(call(t.staff, 'POST', `/classes/${t.classId}/change-requests`, { change: { kind: 'CANCEL_SESSION', sessionId: 's2' }, reason: '教室检修' }), 201)
  ).changeRequestId;
  // A class Art. 24 asks to film, as enrollment announces it, for the recordings routes.
  t.filmedClassId = `cls_matrix_${key}`;
  t.filmedSessionId = sessionIdFor(t.filmedClassId, 'v1');
  const filmed = classSnapshot({ classId: t.filmedClassId, institutionId: t.institutionId, trainingType: 'EMPLOYMENT_LONG_TERM', sessions: [session(t.filmedSessionId, new Date(Date.now() - 3 * 3_600_000))] });
  const envelope: EventEnvelope = approved({ ...filmed, approvingAreaCode: t.areaCode });
  runtime().bus.publish(envelope);
}

async function buildAfterEvents(key: TenantKey): Promise<void> {
  const t = TENANTS[key];
  t.recordingId = (await ok<{ recordingId: string }>(call(t.staff, 'POST', `/sessions/${t.filmedSessionId}/recordings`, { fileName: '第一课.mp4', size: 6 * 1024 * 1024, contentType: 'video/mp4' }), 201)).recordingId;
  t.manualRecordId = (
    await ok<{ recordId: string }>(call(t.staff, 'POST', `/sessions/${t.sessionId}/manual-records`, { traineeId: t.traineeId, reason: '设备故障，现场核验身份证' }), 201)
  ).recordId;
  // The first enrolment loads the embedded face models, which may outlast the function's timeout on a
  // busy machine; enrolling the same photo again is harmless (the template is replaced).
  const face = { photo: Buffer.from(photo(FACES[key])).toString('base64') };
  let enrolled = await call(t.staff, 'PUT', `/trainees/${t.traineeId}/face`, face);
  for (let attempt = 0; attempt < 3 && enrolled.status >= 500; attempt += 1) enrolled = await call(t.staff, 'PUT', `/trainees/${t.traineeId}/face`, face);
  expect(enrolled.status, enrolled.text).toBe(200);
}

interface Recipe {
  /** `record`: the request names the data of the case's tenant; `caller`: it names none (the token decides whose). */
  readonly names: 'record' | 'caller';
  readonly request: (t: Tenant) => { path?: Record<string, string>; query?: string; body?: unknown; contentType?: string };
}

const record = (request: Recipe['request']): Recipe => ({ names: 'record', request });
const caller = (request: Recipe['request'] = () => ({})): Recipe => ({ names: 'caller', request });

/**
 * How to call each route so that the handler reaches its ownership check: valid bodies, and data
 * that exists. Mutations are chosen so that a permitted call is refused by a rule after the check
 * (no reasons, a session already held…) wherever it would otherwise spoil the fixtures.
 */
const RECIPES: Record<string, Recipe> = {
  // enrollment: trainees
  registerTrainee: caller(() => ({ body: traineeBody(residentId('520102', '19910101', unique())) })),
  getTrainee: record((t) => ({ path: { traineeId: t.traineeId } })),
  verifyTrainee: record((t) => ({ path: { traineeId: t.traineeId }, body: {} })),
  listIdentityAnomalies: caller(),
  linkTraineeAccount: caller(() => ({ body: { idNumber: residentId('520102', '19920202', unique()), name: '李四', phone: '13900000000' } })),
  withdrawBiometricConsent: record((t) => ({ path: { traineeId: t.traineeId } })),
  listTraineeClasses: record((t) => ({ path: { traineeId: t.traineeId } })),
  // enrollment: institutions, teachers, reference, projects
  registerInstitution: caller(() => ({ body: institutionBody(TENANTS.own, `ins_m${unique()}`, `MJY${unique()}`.padEnd(9, 'X').slice(0, 9)) })),
  getInstitution: record((t) => ({ path: { institutionId: t.institutionId } })),
  addTrainingSite: record((t) => ({ path: { institutionId: t.institutionId }, body: siteBody(t.areaCode) })),
  reviewTrainingSite: record((t) => ({ path: { institutionId: t.institutionId, siteId: t.siteId }, body: { decision: 'REJECT', reasons: [] } })),
  registerTeacher: record((t) => ({ body: teacherBody(t) })),
  getTeacher: record((t) => ({ path: { teacherId: t.teacherId } })),
  renewTeacherRegistration: record((t) => ({ path: { teacherId: t.teacherId }, body: { cityCode: t.cityCode, approvedOn: '2026-11-02' } })),
  getOccupationCatalogue: caller(),
  publishOccupationCatalogue: caller(() => ({ body: {} })),
  getDivisions: caller(),
  publishDivisions: caller(() => ({ body: {} })),
  createTrainingProject: record((t) => ({
    body: { year: 2027, areaCode: t.areaCode, trainingType: 'EMPLOYMENT_SHORT', occupationCode: '4-03-02-01', headcount: 30, fundsFen: 100_000, caseByCase: false },
  })),
  createJobDemand: caller(() => ({ body: { occupationCode: '4-03-02-01', employerName: '示范餐饮有限公司', positions: 10, validUntil: '2027-12-31' } })),
  // enrollment: classes
  createClass: caller(() => ({ body: classBody(TENANTS.own, '2027-11-01') })),
  editClass: record((t) => ({ path: { classId: t.classId }, body: classBody(t, '2027-11-02') })),
  getClass: record((t) => ({ path: { classId: t.classId } })),
  listClasses: caller(),
  submitClass: record((t) => ({ path: { classId: t.classId } })),
  reviewClass: record((t) => ({ path: { classId: t.classId }, body: { decision: 'REJECT', reasons: [] } })),
  startClass: record((t) => ({ path: { classId: t.classId } })),
  completeClass: record((t) => ({ path: { classId: t.classId } })),
  cancelClass: record((t) => ({ path: { classId: t.classId }, body: { reasons: [] } })),
  requestClassChange: record((t) => ({ path: { classId: t.classId }, body: { change: { kind: 'WITHDRAW_TRAINEE', traineeId: 'trn_notonroster' }, reason: '试探' } })),
  decideClassChange: record((t) => ({ path: { classId: t.classId, changeRequestId: t.changeRequestId }, body: { decision: 'REJECT', reasons: [] } })),
  getRosterTemplate: caller(() => ({ query: '?format=csv' })),
  importRoster: record((t) => ({ path: { classId: t.classId }, query: '?mode=all-or-nothing', body: '姓名,身份证号码\n', contentType: 'text/csv' })),
  // attendance
  enrollFace: record((t) => ({ path: { traineeId: t.traineeId }, body: { photo: 'AAAA' } })),
  decideFaceReview: record((t) => ({ path: { traineeId: t.traineeId }, body: { decision: 'APPROVE', reason: '不是同一人' } })),
  checkIn: record((t) => ({ path: { sessionId: t.sessionId }, body: { photo: 'AAAA', deviceId: 'phone-matrix' } })),
  checkOut: record((t) => ({ path: { sessionId: t.sessionId }, body: { photo: 'AAAA', deviceId: 'phone-matrix' } })),
  registerKiosk: record((t) => ({ path: { deviceId: `kiosk-matrix-${unique()}` }, body: { siteId: t.siteId, description: '门口' } })),
  recordManualAttendance: record((t) => ({ path: { sessionId: t.sessionId }, body: { traineeId: t.traineeId, reason: '设备故障，现场核验身份证' } })),
  confirmManualAttendance: record((t) => ({ path: { recordId: t.manualRecordId }, body: { decision: 'REJECT', reason: '未见签到表' } })),
  getClassAttendance: record((t) => ({ path: { classId: t.classId } })),
  getTraineeAttendance: record((t) => ({ path: { traineeId: t.traineeId } })),
  listAttendanceAnomalies: caller(),
  // recordings
  startRecordingUpload: record((t) => ({ path: { sessionId: t.filmedSessionId }, body: { fileName: '第二段.mp4', size: 6 * 1024 * 1024, contentType: 'video/mp4' } })),
  listSessionRecordings: record((t) => ({ path: { sessionId: t.filmedSessionId } })),
  getRecording: record((t) => ({ path: { sessionId: t.filmedSessionId, recordingId: t.recordingId } })),
  signRecordingPartUrls: record((t) => ({ path: { sessionId: t.filmedSessionId, recordingId: t.recordingId }, body: { from: 1, to: 1 } })),
  listUploadedRecordingParts: record((t) => ({ path: { sessionId: t.filmedSessionId, recordingId: t.recordingId } })),
  completeRecordingUpload: record((t) => ({ path: { sessionId: t.filmedSessionId, recordingId: t.recordingId }, body: {} })),
  abortRecordingUpload: record((t) => ({ path: { sessionId: t.filmedSessionId, recordingId: t.recordingId } })),
  viewRecording: record((t) => ({ path: { sessionId: t.filmedSessionId, recordingId: t.recordingId } })),
  classRecordingCoverage: record((t) => ({ path: { classId: t.filmedClassId } })),
};

/** Whose data a scope reaches, for each case. */
function reaches(scope: string, which: Case): boolean {
  if (scope === 'any' || which === 'own') return true;
  return scope === 'area' && which === 'otherInstitution';
}

const ALL_ROUTES: ReadonlyArray<{ service: string; contract: RouteContract }> = serviceManifests.flatMap((manifest) =>
  manifest.routes.map((route) => ({ service: manifest.name, contract: route.contract })),
);

/**
 * The services whose records `build` sets up per tenant. Claims and payments declare their access
 * like every route (a contract without it does not compile) and prove area scoping in their own
 * end-to-end tests; they join this walk once it builds claims, batches and accounts per tenant,
 * and the printed coverage says how many routes are still outside it.
 */
const WALKED_SERVICES: ReadonlySet<string> = new Set(['enrollment', 'attendance', 'recordings']);

/** Deleting last: the other routes need the recording and the consent the DELETE routes take away. */
const ROUTES = ALL_ROUTES.filter((route) => WALKED_SERVICES.has(route.service)).sort(
  (a, b) => Number(a.contract.method === 'DELETE') - Number(b.contract.method === 'DELETE'),
);

const fill = (path: string, values: Record<string, string> = {}): string =>
  path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`No value for {${name}} in ${path}`);
    return encodeURIComponent(value);
  });

/** Identifiers by which a tenant's data shows in an answer. */
const marks = (t: Tenant): string[] => [t.institutionId, t.classId, t.traineeId, t.filmedClassId].map((id) => `"${id}"`);

interface Cell {
  route: string;
  role: Role;
  which: Case;
  declared: string;
  status: number;
  verdict: 'ok' | string;
}

const cells: Cell[] = [];

/**
 * The first call of a service's worker loads its handler's whole module graph through tsx, which on
 * a busy machine can outlast a short function timeout; safe reads warm each service first.
 */
async function warmUp(): Promise<void> {
  for (const [as, path] of [['admin', '/reference/divisions'], ['reviewer1', '/attendance-anomalies'], ['admin', '/classes/cls_none/recording-coverage']] as const) {
    for (let attempt = 0; attempt < 3 && (await call(as, 'GET', path)).status >= 500; attempt += 1);
  }
}

beforeAll(async () => {
  await warmUp();
  for (const [index, key] of (['own', 'near', 'far'] as const).entries()) await build(key, index + 1);
  // trainee1 claims the record school1 registered: the `own-record` of the trainee role.
  await ok(call('trainee1', 'POST', '/trainees/me/account', { idNumber: TENANTS.own.idNumber, name: '张三', phone: '13812345678' }), 200);
  await runtime().bus.settled();
  for (const key of ['own', 'near', 'far'] as const) await buildAfterEvents(key);
}, 300_000);

afterAll(() => {
  const roles = ROLES.length;
  const total = ROUTES.length * roles * CASES.length;
  const checked = new Set(cells.map((cell) => `${cell.route}|${cell.role}|${cell.which}`)).size;
  const failed = cells.filter((cell) => cell.verdict !== 'ok');
  const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(1)} %`;
  console.log(
    [
      `authorization matrix: ${ROUTES.length} routes × ${roles} roles × ${CASES.length} ownership cases = ${total} cells`,
      `  routes walked: ${ROUTES.length}/${ALL_ROUTES.length}; declared but not yet walked: ${ALL_ROUTES.filter((r) => !WALKED_SERVICES.has(r.service)).length} (${[...new Set(ALL_ROUTES.filter((r) => !WALKED_SERVICES.has(r.service)).map((r) => r.service))].join(', ')})`,
      `  routes with a declared access: ${ROUTES.filter((r) => Object.keys(r.contract.access).length > 0).length}/${ROUTES.length} (${pct(ROUTES.filter((r) => Object.keys(r.contract.access).length > 0).length, ROUTES.length)})`,
      `  routes with a request recipe: ${ROUTES.filter((r) => RECIPES[r.contract.operationId] !== undefined).length}/${ROUTES.length}`,
      `  cells checked: ${checked}/${total} (${pct(checked, total)}), failing: ${failed.length}`,
      `  answers: ${[...cells.reduce((counts, cell) => counts.set(cell.status, (counts.get(cell.status) ?? 0) + 1), new Map<number, number>())].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`).join(' ')}`,
      ...failed.slice(0, 20).map((cell) => `  ✗ ${cell.route} as ${cell.role} on ${cell.which} (${cell.declared}): ${cell.verdict}`),
    ].join('\n'),
  );
});

describe('authorization matrix: every route × role × {own, other institution, other area} answers as its access declares', () => {
  it('has a request recipe for every route the manifests wire (a new route must join the matrix)', () => {
    const missing = ROUTES.map((route) => route.contract.operationId).filter((id) => RECIPES[id] === undefined);
    expect(missing).toEqual([]);
    const stale = Object.keys(RECIPES).filter((id) => !ROUTES.some((route) => route.contract.operationId === id));
    expect(stale).toEqual([]);
  });

  for (const { service, contract } of ROUTES) {
    it(`${service} ${contract.method} ${contract.path} (${contract.operationId})`, async () => {
      const recipe = RECIPES[contract.operationId];
      if (recipe === undefined) throw new Error(`No recipe for ${contract.operationId}`);
      const failures: string[] = [];
      for (const role of ROLES) {
        const declared = contract.access[role];
        const cases: readonly Case[] = recipe.names === 'record' ? CASES : ['own'];
        for (const which of cases) {
          const t = TENANTS[TENANT_OF[which]];
          const request = recipe.request(t);
          const answer = await call(CALLER[role], contract.method, `${fill(contract.path, request.path)}${request.query ?? ''}`, request.body, request.contentType);
          const allowed = declared !== undefined && reaches(declared, which);
          let verdict = 'ok';
          if (!allowed && ![403, 404].includes(answer.status)) verdict = `expected 403/404, got ${answer.status} ${answer.text.slice(0, 160)}`;
          if (allowed && [401, 403, 404].includes(answer.status)) verdict = `expected to be let through, got ${answer.status} ${answer.text.slice(0, 160)}`;
          const record = (w: Case, v: string) => cells.push({ route: contract.operationId, role, which: w, declared: declared ?? '—', status: answer.status, verdict: v });
          record(which, verdict);
          if (recipe.names === 'caller') {
            // The same request stands for the other cases: nothing of a tenant the scope does not reach may show.
            for (const other of ['otherInstitution', 'otherArea'] as const) {
              const leaked = declared !== undefined && !reaches(declared, other) ? marks(TENANTS[TENANT_OF[other]]).filter((mark) => answer.text.includes(mark)) : [];
              record(other, leaked.length === 0 ? 'ok' : `answer shows ${leaked.join(', ')}`);
            }
          }
        }
      }
      for (const cell of cells.filter((c) => c.route === contract.operationId && c.verdict !== 'ok')) failures.push(`${cell.role} on ${cell.which} (${cell.declared}): ${cell.verdict}`);
      expect(failures).toEqual([]);
    });
  }
});
