/**
 * The authorization matrix, generated from `services/manifests.ts`: every route × every role ×
 * {own, other institution, other area}, called against the local runtime and compared with the
 * route's declared access (`shared/src/access.ts`). A route whose contract declares no access does
 * not compile; a route the manifests list without a request recipe here fails this test, so a new
 * route joins the matrix with one line in `RECIPES` (and, if it needs a record nobody makes yet, a
 * field on `Tenant` set by the tenant's builder).
 *
 * The callers are the seeded users of each role (trainee1, school1, reviewer1, finance1, admin,
 * evaluator1), always the same: the cases change whose data the request names —
 * - own: 南明区 520102, `ins_demo`, the record trainee1 claimed, its certificates and claims;
 * - other institution: another school in the same area (`ins_near`, 520102);
 * - other area: `ins_demo2` in 红花岗区 520302, reviewed by reviewer2, paid by finance3.
 * Each tenant's records are made once per file by its own people through the API (`build`,
 * `buildAfterEvents`, `buildClaims`, `buildPayments`); only facts of other services that need a
 * class's whole life (a completed class with real subsidy standards, a claim ready for payment)
 * are published as those services announce them.
 * Expected: a role the route does not declare gets 403; a declared role gets 403 or 404 where its
 * scope does not reach the data, and an answer that is neither 401, 403 nor 404 where it does.
 * Public routes (the disclosure list, objections) reach everyone's data for every role. Routes that
 * name no record (lists, registrations of oneself) are called once per role, and the answer must
 * not mention the data of a tenant the scope does not reach. No answer may show a bank account
 * number, or an ID or phone number to anyone but the person and the reviewers (and admins) holding it.
 * Every route is also called without a token: 401, except the public ones.
 */
import { type ClaimView, type ClassView, claimReadyForPayment, classCompleted, type EventEnvelope, ROLES, type Role, type RouteContract, sessionIdFor } from '@peixun/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeededUser } from '../../local/src/identity/users';
import { CLAIMS_ENV } from '../../services/claims/src/config';
import { serviceManifests } from '../../services/manifests';
import { photo } from '../../services/attendance/test/support/face-fixtures';
import { type ApiCall, uploadApplicationForms, uploadMaterials } from '../../local/src/demo/documents';
import { creditCode, residentId } from '../../services/enrollment/test/support/issue3-fixtures';
import { approvedClass, masked, skillCertificateNumber } from '../e2e/fixtures/claims';
import { envelopeOf, SYSTEM_ACTOR } from '../e2e/fixtures/enrollment-events';
import { approved, classSnapshot, session } from '../e2e/fixtures/recording-classes';
import { useLocalRuntime } from '../support/runtime';

/**
 * Every service, as `npm start` wires it; only the per-source limit on public objections is raised,
 * so that each role's objection reaches the handler's checks (the limit has its own test).
 */
const runtime = useLocalRuntime({
  manifests: serviceManifests.map((manifest) => (manifest.name === 'claims' ? { ...manifest, config: { ...manifest.config, [CLAIMS_ENV.objectionsPerHour]: '1000' } } : manifest)),
});

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
  /** Claims and payments (`buildMoney`): the tenant's trainee login, its certificates, claims, objection, account and batch. */
  readonly traineeLogin: string;
  /** The school's uploaded application documents (Art. 23): its five materials, the trainee's form, and the one the matrix opens. */
  materials: Array<{ kind: string; documentId: string }>;
  formId: string;
  documentId: string;
  /** Finance login of the area that builds the tenant's batch: not finance1, who walks the matrix (a maker never approves). */
  readonly batchMaker: string;
  readonly accountNumber: string;
  /** The trainee's phone, like the ID number shown in clear only to the person and the reviewers holding the record. */
  readonly phone: string;
  claimClassId: string;
  certificateNumber: string;
  declaredCertificateNumber: string;
  directClaimId: string;
  trainingClaimId: string;
  objectionId: string;
  paymentKey: string;
  batchId: string;
}

const tenant = (
  institutionId: string,
  areaCode: string,
  cityCode: string,
  staff: string,
  reviewer: string,
  organisation: string,
  money: Pick<Tenant, 'traineeLogin' | 'batchMaker' | 'accountNumber' | 'phone'>,
): Tenant => ({
  institutionId, areaCode, cityCode, staff, reviewer, organisation, ...money,
  materials: [], formId: '', documentId: '',
  siteId: '', teacherId: '', traineeId: '', idNumber: '', classId: '', sessionId: '', changeRequestId: '', filmedSessionId: '', filmedClassId: '', recordingId: '', manualRecordId: '',
  claimClassId: '', certificateNumber: '', declaredCertificateNumber: '', directClaimId: '', trainingClaimId: '', objectionId: '', paymentKey: '', batchId: '',
});

const TENANTS: Record<TenantKey, Tenant> = {
  own: tenant('ins_demo', '520102', '520100', 'school1', 'reviewer1', 'MJY11111A', { traineeLogin: 'trainee1', batchMaker: 'finance2', accountNumber: '6217995200000000011', phone: '13812345601' }),
  near: tenant('ins_near', '520102', '520100', 'school-near', 'reviewer1', 'MJY22222B', { traineeLogin: 'trainee-near', batchMaker: 'finance2', accountNumber: '6217995200000000022', phone: '13812345602' }),
  far: tenant('ins_demo2', '520302', '520300', 'school2', 'reviewer2', 'MJY33333C', { traineeLogin: 'trainee-far', batchMaker: 'finance3', accountNumber: '6217995200000000033', phone: '13812345603' }),
};

/** Logins the seeded users lack, minted by the dev issuer: the near school's staff and the other tenants' trainees. */
const MINTED: Readonly<Record<string, SeededUser>> = {
  'school-near': { username: 'school-near', sub: '6f1c2b0e-0a5e-4a43-9a55-2f4a6d0c1b09', name: '钱老师', groups: ['institution'], institutionId: 'ins_near' },
  'trainee-near': { username: 'trainee-near', sub: '6f1c2b0e-0a5e-4a43-9a55-2f4a6d0c1a09', name: '张三', groups: ['trainee'] },
  'trainee-far': { username: 'trainee-far', sub: '6f1c2b0e-0a5e-4a43-9a55-2f4a6d0c1a10', name: '张三', groups: ['trainee'] },
};

let sequence = 700;
const unique = (): number => (sequence += 2);

interface Answer {
  status: number;
  text: string;
}

/** `as` undefined: no token at all (the public, or an anonymous probe). */
async function call(as: string | undefined, method: string, path: string, body?: unknown, contentType?: string): Promise<Answer> {
  const minted = as === undefined ? undefined : MINTED[as];
  const token = as === undefined ? undefined : minted !== undefined ? (await runtime().issuer.issue(minted)).idToken : await runtime().issuer.tokenFor(as);
  const json = body !== undefined && contentType === undefined;
  const response = await fetch(`${runtime().urls.api}${path}`, {
    method,
    headers: {
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
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

const traineeBody = (idNumber: string, phone = '13900000001') => ({
  idNumber,
  name: '张三',
  phone,
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
  materials: t.materials,
  sessions: ['s1', 's2'].map((label, index) => ({ sessionId: label, date, start: `${9 + index * 2}:00`.padStart(5, '0'), end: `${10 + index * 2}:00`.padStart(5, '0'), hours: 1, topic: `第${index + 1}课`, teacherIds: [t.teacherId] })),
  roster: [{ traineeId: t.traineeId, applicationFormId: t.formId }],
});

const FACES: Record<TenantKey, string> = { own: 'audrey.jpg', near: 'cage.jpg', far: 'SeanConnery.jpg' };

async function build(key: TenantKey, index: number): Promise<void> {
  const t = TENANTS[key];
  const institution = await ok<{ sites: Array<{ siteId: string }> }>(call('admin', 'POST', '/institutions', institutionBody(t)), 201);
  t.siteId = institution.sites[0]?.siteId ?? '';
  t.teacherId = (await ok<{ teacherId: string }>(call('admin', 'POST', '/teachers', teacherBody(t)), 201)).teacherId;
  // The person lives in the tenant's county: a direct claim and a certificate belong to the office of the holder's region.
  t.idNumber = residentId(t.areaCode, '19900515', unique());
  t.traineeId = (await ok<{ traineeId: string }>(call(t.staff, 'POST', '/trainees', traineeBody(t.idNumber, t.phone)), 201)).traineeId;
  const school: ApiCall = async (method, path, body) => {
    const answer = await call(t.staff, method, path, body);
    return { status: answer.status, body: JSON.parse(answer.text) as unknown };
  };
  t.materials = await uploadMaterials(school);
  [t.formId = ''] = await uploadApplicationForms(school, 1);
  t.documentId = t.materials[0]?.documentId ?? '';
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

/** A date `days` before today in the training calendar (Asia/Shanghai). */
const daysAgo = (days: number): string => new Date(Date.now() + 8 * 3_600_000 - days * 86_400_000).toISOString().slice(0, 10);

const institutionName = (t: Tenant): string => `${t.areaCode}示范职业培训学校`;

const certificateFacts = (t: Tenant, certificateNumber: string, occupation: { code: string; name: string }, level: 'LEVEL_5' | 'LEVEL_4' | 'LEVEL_3') => ({
  certificateNumber,
  idNumber: t.idNumber,
  holderName: '张三',
  occupationCode: occupation.code,
  occupationName: occupation.name,
  level,
  issuedOn: daysAgo(30),
  issuingBody: '贵州省职业技能鉴定指导中心',
});

const CHILDCARE = { code: '4-10-01-01', name: '保育师' };
const COOKING = { code: '4-03-02-01', name: '中式烹调师' };

/**
 * Claims and payments of one tenant, each made by the tenant's own people through the API: a
 * completed class claims knows (as enrollment announces it, with a real catalogue's subsidy
 * standards), the training claim its school files, a certificate the evaluation body records and
 * the direct claim the trainee files with it, approved by the area's reviewer and objected to on
 * the public list; a self-declared certificate waiting for verification; the school's settlement
 * account and, from a claim ready for payment, a sealed batch built by the area's finance.
 */
async function buildClaims(key: TenantKey, index: number): Promise<void> {
  const t = TENANTS[key];
  t.claimClassId = `cls_claims_${key}`;
  runtime().bus.publish(
    approvedClass(
      { classId: t.claimClassId, institutionId: t.institutionId, approvingAreaCode: t.areaCode, roster: [{ traineeId: t.traineeId, name: '张三', idNumberMasked: masked(t.idNumber) }] },
      [COOKING.code, CHILDCARE.code],
    ),
  );
  await runtime().bus.settled();
  runtime().bus.publish(
    envelopeOf(classCompleted, {
      classId: t.claimClassId, classVersion: 1, institutionId: t.institutionId, approvingAreaCode: t.areaCode, at: '2025-06-10T18:00:00+08:00', by: SYSTEM_ACTOR, reasons: [], rosterTraineeIds: [t.traineeId],
    }),
  );
  await runtime().bus.settled();
  t.certificateNumber = skillCertificateNumber(710_000 + index, 'LEVEL_4');
  await ok(call('evaluator1', 'POST', '/certificates', certificateFacts(t, t.certificateNumber, CHILDCARE, 'LEVEL_4')), 201);
  t.declaredCertificateNumber = skillCertificateNumber(720_000 + index, 'LEVEL_3');
  const declaration = { ...certificateFacts(t, t.declaredCertificateNumber, COOKING, 'LEVEL_3'), scan: { contentType: 'image/jpeg', size: 1024 }, obtainedOutsideProvince: true };
  await ok(call(t.traineeLogin, 'POST', '/certificates/declarations', declaration), 201);
  t.trainingClaimId = (await ok<ClaimView>(call(t.staff, 'POST', `/classes/${t.claimClassId}/training-claims`), 201)).claimId;
  t.directClaimId = (await ok<ClaimView>(call(t.traineeLogin, 'POST', '/direct-claims', { certificateNumber: t.certificateNumber, idNumber: t.idNumber, insuredEmployee: false }), 201)).claimId;
  const decided = await ok<ClaimView>(call(t.reviewer, 'POST', `/claims/${t.directClaimId}/decisions`, { decision: 'APPROVE', reasons: ['证书已核验'] }), 200);
  // The public list opens on the next working day: the objection is filed then.
  const from = decided.lines[0]?.disclosure?.from ?? '';
  runtime().setClock(new Date(`${from}T10:00:00+08:00`));
  try {
    t.objectionId = (await ok<{ objectionId: string }>(call(undefined, 'POST', `/disclosures/${t.directClaimId}/lines/line_1/objections`, { reason: '该学员未实际取得证书', contact: '13800000000' }), 201)).objectionId;
  } finally {
    runtime().setClock(undefined);
  }
}

/** Batches are per area: each tenant's claim is made ready and batched before the next one's. */
async function buildPayments(key: TenantKey): Promise<void> {
  const t = TENANTS[key];
  await ok(call(t.staff, 'PUT', '/payments/payee-accounts/institution', { kind: 'SETTLEMENT_ACCOUNT', holderName: institutionName(t), bankName: '贵阳银行南明支行', accountNumber: t.accountNumber }), 200);
  t.paymentKey = `pay_matrix_${key}`;
  runtime().bus.publish(
    envelopeOf(claimReadyForPayment, {
      paymentKey: t.paymentKey,
      claimId: `clm_matrix_${key}`,
      lineId: `line_${t.traineeId}`,
      subsidyKind: 'TRAINING_SUBSIDY',
      payee: { kind: 'INSTITUTION', institutionId: t.institutionId },
      payeeName: institutionName(t),
      amountFen: 150_000,
      areaCode: t.areaCode,
      occupationCode: COOKING.code,
      occupationName: COOKING.name,
      level: 'LEVEL_5',
      certificateNumber: skillCertificateNumber(730_000, 'LEVEL_5'),
      institutionId: t.institutionId,
      readyAt: new Date().toISOString(),
    }),
  );
  await runtime().bus.settled();
  const built = await ok<{ batch: { batchId: string; totals: { count: number } } }>(call(t.batchMaker, 'POST', '/payments/batches', { subsidyKind: 'TRAINING_SUBSIDY' }), 201);
  expect(built.batch.totals.count).toBe(1);
  t.batchId = built.batch.batchId;
}

interface Recipe {
  /** `record`: the request names the data of the case's tenant; `caller`: it names none (the token decides whose). */
  readonly names: 'record' | 'caller';
  /** `role`: the calling role, for routes whose records differ by who owns them (a trainee's direct claim, a school's training claim). */
  readonly request: (t: Tenant, role: Role) => { path?: Record<string, string>; query?: string; body?: unknown; contentType?: string };
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
  // enrollment: application documents (a completed one answers the same again; reviewers name the class that uses it)
  createDocument: caller(() => ({ body: { kind: 'OPENING_FORM', fileName: '开班申请表.pdf', contentType: 'application/pdf', size: 1024 } })),
  completeDocumentUpload: record((t) => ({ path: { documentId: t.documentId } })),
  getDocument: record((t) => ({ path: { documentId: t.documentId }, query: `?classId=${t.classId}` })),
  // attendance
  enrollFace: record((t) => ({ path: { traineeId: t.traineeId }, body: { photo: 'AAAA' } })),
  decideFaceReview: record((t) => ({ path: { traineeId: t.traineeId }, body: { decision: 'APPROVE', reason: '不是同一人' } })),
  checkIn: record((t) => ({ path: { sessionId: t.sessionId }, body: { photo: 'AAAA', deviceId: 'phone-matrix' } })),
  checkOut: record((t) => ({ path: { sessionId: t.sessionId }, body: { photo: 'AAAA', deviceId: 'phone-matrix' } })),
  registerKiosk: record((t) => ({ path: { deviceId: `kiosk-matrix-${unique()}` }, body: { siteId: t.siteId, description: '门口' } })),
  startLiveness: record((t) => ({ path: { sessionId: t.sessionId }, body: { deviceId: 'phone-matrix' } })),
  // A challenge is bound to whoever started it, so its id is the caller's own: anyone else's (or an unknown one) answers 409 alike.
  verifyLiveness: caller(() => ({ path: { livenessId: 'AAAAAAAAAAAAAAAAAAAAAA' }, body: { deviceId: 'phone-matrix', frames: [] } })),
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
  // The fixture recording is still uploading: a permitted request is refused as not replaceable (409), a decision on no pending request too.
  requestRecordingReplacement: record((t) => ({ path: { sessionId: t.filmedSessionId, recordingId: t.recordingId }, body: { reason: '画面花屏，需要替换。' } })),
  decideRecordingReplacement: record((t) => ({ path: { sessionId: t.filmedSessionId, recordingId: t.recordingId }, body: { requestId: 'rpl_none', decision: 'REJECT', note: '试探审核意见。' } })),
  listRecordingReplacementRequests: record((t) => ({ path: { sessionId: t.filmedSessionId } })),
  // claims: certificates
  recordCertificate: caller(() => ({ body: certificateFacts({ ...TENANTS.own, idNumber: residentId('520102', '19930303', unique()) }, skillCertificateNumber(740_000 + unique(), 'LEVEL_5'), COOKING, 'LEVEL_5') })),
  declareCertificate: caller(() => ({ body: { ...certificateFacts(TENANTS.own, skillCertificateNumber(750_000 + unique(), 'LEVEL_5'), CHILDCARE, 'LEVEL_5'), scan: { contentType: 'application/pdf', size: 2048 }, obtainedOutsideProvince: false } })),
  // Verifying before the scan is uploaded: refused (409) once the caller may act on it.
  verifyCertificate: record((t) => ({ path: { certificateNumber: t.declaredCertificateNumber }, body: { decision: 'VERIFY', reason: '与扫描件一致' } })),
  getCertificate: record((t) => ({ path: { certificateNumber: t.certificateNumber } })),
  listCertificates: caller(),
  importCertificates: caller(() => ({ query: '?mode=all-or-nothing', body: '证书编号,身份证号码,姓名\n', contentType: 'text/csv' })),
  importSkillUpgradeSubsidies: caller(() => ({ query: '?mode=all-or-nothing', body: '身份证号码,姓名\n', contentType: 'text/csv' })),
  // claims: claims and review; the certificate already paid for its claim (409 to its holder).
  fileDirectClaim: record((t) => ({ body: { certificateNumber: t.certificateNumber, idNumber: t.idNumber, insuredEmployee: false } })),
  fileTrainingClaim: record((t) => ({ path: { classId: t.claimClassId } })),
  getClaim: record((t, role) => ({ path: { claimId: role === 'trainee' ? t.directClaimId : t.trainingClaimId } })),
  listClaims: caller(),
  // Nothing of the claim is in review any more: refused (409) once the caller may act on it.
  decideClaim: record((t) => ({ path: { claimId: t.directClaimId }, body: { decision: 'APPROVE', reasons: ['试探'] } })),
  // claims: public disclosure (no login) and objections
  listDisclosures: caller(),
  fileObjection: record((t) => ({ path: { claimId: t.directClaimId, lineId: 'line_1' }, body: { reason: '对公示名单有异议', contact: 'matrix@example.cn' } })),
  resolveObjection: record((t) => ({ path: { claimId: t.directClaimId, lineId: 'line_1', objectionId: t.objectionId }, body: { outcome: 'DISMISSED', reason: '经核实证书属实' } })),
  // claims: the working calendar the disclosure period is counted on (read by anyone; an admin publishes a far year nobody's period reaches)
  getWorkingCalendar: caller(() => ({ path: { year: '2025' } })),
  publishWorkingCalendar: caller(() => ({ path: { year: '2099' }, body: { version: `matrix-${unique()}`, holidays: [], workingDays: [] } })),
  // payments: the area's finance, on sealed batches (approval with wrong totals, export before approval, results before export: 409)
  buildPaymentBatch: caller(() => ({ body: { subsidyKind: 'DIRECT_CERTIFICATE_SUBSIDY' } })),
  listPaymentBatches: record((t) => ({ query: `?areaCode=${t.areaCode}` })),
  getPaymentBatch: record((t) => ({ path: { batchId: t.batchId } })),
  approvePaymentBatch: record((t) => ({ path: { batchId: t.batchId }, body: { count: 9, sumFen: 1, hash: '0'.repeat(64) } })),
  exportPaymentBatch: record((t) => ({ path: { batchId: t.batchId }, body: { format: 'csv', encoding: 'UTF-8' } })),
  importBankResults: record((t) => ({ path: { batchId: t.batchId }, body: '付款编号,金额,结果\n', contentType: 'text/csv' })),
  listPaymentBatchLines: record((t) => ({ path: { batchId: t.batchId } })),
  // A large result file before export: refused (409); an upload key with nothing under it: refused (422).
  startBankResultUpload: record((t) => ({ path: { batchId: t.batchId }, body: { size: 7_000_000, sha256: 'a'.repeat(64) } })),
  importUploadedBankResults: record((t) => ({ path: { batchId: t.batchId }, body: { uploadKey: `imports/${t.batchId}/${'a'.repeat(26)}` } })),
  retryPayment: record((t) => ({ path: { paymentKey: t.paymentKey } })),
  // Really cancels the sealed batch of the area: the manifest wires it after every other batch route.
  cancelPaymentBatch: record((t) => ({ path: { batchId: t.batchId }, body: { reason: '授权矩阵：撤销探测' } })),
  registerTraineePayeeAccount: caller(() => ({ body: { kind: 'SOCIAL_SECURITY_CARD', holderName: '张三', bankName: '贵阳银行南明支行', accountNumber: '6217995200000000099' } })),
  registerInstitutionPayeeAccount: caller(() => ({ body: { kind: 'SETTLEMENT_ACCOUNT', holderName: institutionName(TENANTS.own), bankName: '贵阳银行南明支行', accountNumber: TENANTS.own.accountNumber } })),
  getTraineePayeeAccount: caller(),
  getInstitutionPayeeAccount: caller(),
  // payments: fund-use disclosure (资金使用公示, no login)
  listFundUse: caller(() => ({ query: `?areaCode=${TENANTS.own.areaCode}&month=2026-12` })),
  exportFundUse: caller(() => ({ query: `?areaCode=${TENANTS.own.areaCode}&month=2026-12` })),
};

/** Whose data a scope reaches, for each case. */
function reaches(scope: string, which: Case): boolean {
  if (scope === 'any' || which === 'own') return true;
  return scope === 'area' && which === 'otherInstitution';
}

/** What a role may do on a route: its declared scope; on a public route everyone reaches everything. */
const declaredFor = (contract: RouteContract, role: Role): string | undefined => (contract.public === true ? 'any' : contract.access[role]);

/** Every wired route, deleting last: the other routes need the recording and the consent the DELETE routes take away. */
const ROUTES: ReadonlyArray<{ service: string; contract: RouteContract }> = serviceManifests
  .flatMap((manifest) => manifest.routes.map((route) => ({ service: manifest.name, contract: route.contract })))
  .sort((a, b) => Number(a.contract.method === 'DELETE') - Number(b.contract.method === 'DELETE'));

const fill = (path: string, values: Record<string, string> = {}): string =>
  path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`No value for {${name}} in ${path}`);
    return encodeURIComponent(value);
  });

/** Identifiers by which a tenant's data shows in an answer. */
const marks = (t: Tenant): string[] =>
  [t.institutionId, t.classId, t.traineeId, t.filmedClassId, t.claimClassId, t.directClaimId, t.trainingClaimId, t.batchId].filter((id) => id !== '').map((id) => `"${id}"`);

/**
 * Personal data a role may never read in clear here: a bank account number only ever leaves in the
 * bank file; a full ID or phone number only to the person and to reviewers (and administrators)
 * whose scope holds the record.
 */
function secretsShown(text: string, role: Role, scope: string | undefined, which: Case): string[] {
  const shown: string[] = [];
  for (const key of ['own', 'near', 'far'] as const) {
    const t = TENANTS[key];
    if (text.includes(t.accountNumber)) shown.push(`${key}'s account number`);
    const mayReadId = scope !== undefined && ['trainee', 'reviewer', 'admin'].includes(role) && key === TENANT_OF[which] && reaches(scope, which);
    if (t.idNumber !== '' && text.includes(t.idNumber) && !mayReadId) shown.push(`${key}'s ID number`);
    if (text.includes(t.phone) && !mayReadId) shown.push(`${key}'s phone number`);
  }
  return shown;
}

interface Cell {
  route: string;
  role: Role | 'anonymous';
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
  for (const [as, path] of [['admin', '/reference/divisions'], ['reviewer1', '/attendance-anomalies'], ['admin', '/classes/cls_none/recording-coverage'], ['admin', '/claims/clm_none'], ['finance1', '/payments/batches/pb0000000000000000']] as const) {
    for (let attempt = 0; attempt < 3 && (await call(as, 'GET', path)).status >= 500; attempt += 1);
  }
}

const KEYS = ['own', 'near', 'far'] as const;

beforeAll(async () => {
  await warmUp();
  for (const [index, key] of KEYS.entries()) await build(key, index + 1);
  // Each tenant's trainee login claims the record its school registered: trainee1's is the `own-record` of the trainee role.
  for (const key of KEYS) await ok(call(TENANTS[key].traineeLogin, 'POST', '/trainees/me/account', { idNumber: TENANTS[key].idNumber, name: '张三', phone: TENANTS[key].phone }), 200);
  await runtime().bus.settled();
  for (const key of KEYS) await buildAfterEvents(key);
  for (const [index, key] of KEYS.entries()) await buildClaims(key, index + 1);
  for (const key of KEYS) await buildPayments(key);
}, 400_000);

afterAll(() => {
  const roles = ROLES.length;
  const total = ROUTES.length * roles * CASES.length;
  const walked = cells.filter((cell) => cell.role !== 'anonymous');
  const checked = new Set(walked.map((cell) => `${cell.route}|${cell.role}|${cell.which}`)).size;
  const routesWalked = new Set(walked.map((cell) => cell.route)).size;
  const anonymous = cells.filter((cell) => cell.role === 'anonymous');
  const failed = cells.filter((cell) => cell.verdict !== 'ok');
  const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(1)} %`;
  const publicRoutes = ROUTES.filter((r) => r.contract.public === true).length;
  console.log(
    [
      `authorization matrix: ${ROUTES.length} routes × ${roles} roles × ${CASES.length} ownership cases = ${total} cells`,
      `  routes walked: ${routesWalked}/${ROUTES.length} (${pct(routesWalked, ROUTES.length)}), of them public (no login): ${publicRoutes}`,
      `  routes with a declared access: ${ROUTES.filter((r) => r.contract.public === true || Object.keys(r.contract.access).length > 0).length}/${ROUTES.length}`,
      `  routes with a request recipe: ${ROUTES.filter((r) => RECIPES[r.contract.operationId] !== undefined).length}/${ROUTES.length}`,
      `  cells checked: ${checked}/${total} (${pct(checked, total)}), failing: ${walked.filter((cell) => cell.verdict !== 'ok').length}`,
      `  without a token: ${anonymous.length}/${ROUTES.length} routes probed, failing: ${anonymous.filter((cell) => cell.verdict !== 'ok').length}`,
      `  answers: ${[...cells.reduce((counts, cell) => counts.set(cell.status, (counts.get(cell.status) ?? 0) + 1), new Map<number, number>())].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`).join(' ')}`,
      ...failed.slice(0, 30).map((cell) => `  ✗ ${cell.route} as ${cell.role} on ${cell.which} (${cell.declared}): ${cell.verdict}`),
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
      const record = (cell: Cell) => cells.push(cell);
      for (const role of ROLES) {
        const declared = declaredFor(contract, role);
        const cases: readonly Case[] = recipe.names === 'record' ? CASES : ['own'];
        for (const which of cases) {
          const t = TENANTS[TENANT_OF[which]];
          const request = recipe.request(t, role);
          const answer = await call(CALLER[role], contract.method, `${fill(contract.path, request.path)}${request.query ?? ''}`, request.body, request.contentType);
          const allowed = declared !== undefined && reaches(declared, which);
          let verdict = 'ok';
          if (!allowed && ![403, 404].includes(answer.status)) verdict = `expected 403/404, got ${answer.status} ${answer.text.slice(0, 160)}`;
          if (allowed && [401, 403, 404].includes(answer.status)) verdict = `expected to be let through, got ${answer.status} ${answer.text.slice(0, 160)}`;
          const secrets = secretsShown(answer.text, role, declared, which);
          if (secrets.length > 0) verdict = `answer shows ${secrets.join(', ')} in clear`;
          record({ route: contract.operationId, role, which, declared: declared ?? '—', status: answer.status, verdict });
          if (recipe.names === 'caller') {
            // The same request stands for the other cases: nothing of a tenant the scope does not reach may show.
            for (const other of ['otherInstitution', 'otherArea'] as const) {
              const leaked = declared !== undefined && !reaches(declared, other) ? marks(TENANTS[TENANT_OF[other]]).filter((mark) => answer.text.includes(mark)) : [];
              record({ route: contract.operationId, role, which: other, declared: declared ?? '—', status: answer.status, verdict: leaked.length === 0 ? 'ok' : `answer shows ${leaked.join(', ')}` });
            }
          }
        }
      }
      // Without a token: the gateway refuses (401) unless the route is public, where the handler answers anyone.
      const request = recipe.request(TENANTS.own, 'trainee');
      const anonymous = await call(undefined, contract.method, `${fill(contract.path, request.path)}${request.query ?? ''}`, request.body, request.contentType);
      const expected = contract.public === true ? ![401, 403].includes(anonymous.status) : anonymous.status === 401;
      record({ route: contract.operationId, role: 'anonymous', which: 'own', declared: contract.public === true ? 'public' : '—', status: anonymous.status, verdict: expected ? 'ok' : `got ${anonymous.status} ${anonymous.text.slice(0, 160)}` });
      const failures = cells.filter((c) => c.route === contract.operationId && c.verdict !== 'ok').map((cell) => `${cell.role} on ${cell.which} (${cell.declared}): ${cell.verdict}`);
      expect(failures).toEqual([]);
    });
  }
});
