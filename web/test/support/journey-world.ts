import { checkCharacter, type ClassView, type TeacherView, type TraineeView } from '@peixun/shared';
import type { Page } from 'playwright-core';
import { FRANCK, photo } from '../../../services/attendance/test/support/face-fixtures';
import { uploadApplicationForms, uploadMaterials } from '../../../local/src/demo/documents';
import { creditCodeCheckCharacter } from '../../../services/enrollment/src/institutions/credit-code';
import { signIn } from './chromium';

/**
 * What the journeys start from, put in through the API as the people concerned would (every id
 * is taken from an answer, none invented): the demo school with a site and a teacher, trainee1
 * registered under real name with face consent and their reference face enrolled, an awarded
 * training project with a job demand, and a long-term class (whole-session recording required,
 * Art. 24) with trainee1 on its roster, submitted for review.
 */
export const TRAINEE = { name: '张三', phone: '13812345678', idNumber: residentIdOf('520102', '19900515', 101) } as const;
/** The class's first day; the runtime's clock is moved into its first session for the check-ins. */
export const CLASS_DAY = '2027-09-06';

function residentIdOf(region: string, birth: string, sequence: number): string {
  const first17 = `${region}${birth}${String(sequence).padStart(3, '0')}`;
  return `${first17}${checkCharacter(first17)}`;
}

export interface JourneyWorld {
  traineeId: string;
  classId: string;
  className: string;
}

/** What the journeys need of a runtime: the test runtime's `request`, also built by the console bench. */
export interface ApiCaller {
  request(method: string, path: string, options?: { as?: string; body?: unknown }): Promise<{ status: number; body: unknown }>;
}

async function ok<T>(response: Promise<{ status: number; body: unknown }>, status: number, what = ''): Promise<T> {
  const answer = await response;
  if (answer.status !== status) throw new Error(`${what} expected ${status}, got ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body as T;
}

/** `ins_demo` (school1's institution in 南明区) with a training site, and a teacher registered for it by the city's reviewer. */
async function registerSchool(runtime: ApiCaller): Promise<{ siteId: string; teacherId: string }> {
  const institution = await ok<{ sites: Array<{ siteId: string }> }>(
    runtime.request('POST', '/institutions', {
      as: 'admin',
      body: {
        institutionId: 'ins_demo',
        name: '贵阳市南明区黔艺职业培训学校',
        kind: 'PRIVATE_TRAINING_SCHOOL',
        creditCode: creditCode('MJY12345A'),
        areaCode: '520102',
        licences: [{ kind: 'SCHOOL_OPERATING_PERMIT', number: '人社民520102000123', issuedBy: '贵阳市南明区人力资源和社会保障局', validFrom: '2024-01-01', validUntil: '2030-12-31' }],
        sites: [
          {
            name: '南明区实训基地',
            address: '贵阳市南明区花果园大街1号',
            areaCode: '520102',
            floorAreaSqm: 600,
            capacity: 80,
            facilities: [{ name: '中式烹调工位', quantity: 40 }],
            occupationCodes: ['4-03-02-01'],
          },
        ],
      },
    }),
    201,
  );
  const teacher = await ok<TeacherView>(
    runtime.request('POST', '/teachers', {
      as: 'reviewer1',
      body: {
        idNumber: residentIdOf('520102', '19800101', 11),
        name: '王建国',
        institutionIds: ['ins_demo'],
        qualification: { certificateNumber: 'GZ-SZ-2026-0001', description: '职业技能等级证书（二级/技师）' },
        registration: { cityCode: '520100', approvedOn: '2026-11-01' },
      },
    }),
    201,
  );
  return { siteId: institution.sites[0]?.siteId ?? '', teacherId: teacher.teacherId };
}

/** A unified social credit code of a 民办非企业单位 (52) in 南明区, with its GB 32100 check character. */
function creditCode(organisation: string): string {
  const first17 = `52520102${organisation}`;
  return `${first17}${creditCodeCheckCharacter(first17) ?? ''}`;
}

/** trainee1's reference face, from the face fixtures. */
async function enrolReferenceFace(runtime: ApiCaller, traineeId: string): Promise<void> {
  // Attendance learns of the registration from enrollment's event: until it arrives the login is no trainee of its own.
  const enrolFace = () => runtime.request('PUT', `/trainees/${traineeId}/face`, { as: 'trainee1', body: { photo: Buffer.from(photo(FRANCK.reference)).toString('base64') } });
  let enrolled = await enrolFace();
  for (let attempt = 0; enrolled.status === 403 && attempt < 60; attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    enrolled = await enrolFace();
  }
  await ok(Promise.resolve(enrolled), 200, 'face enrolment');
}

/**
 * The local runtime loads a service's handlers through tsx on its first call, which on a busy
 * machine can outlast the function's timeout (a 500): each service is read once until it answers.
 */
async function warmUp(runtime: ApiCaller): Promise<void> {
  const reads: Array<[path: string, as: string]> = [['/classes', 'school1'], ['/certificates', 'trainee1'], ['/attendance-anomalies', 'reviewer1'], ['/payments/batches', 'finance1']];
  for (const [path, as] of reads) {
    for (let attempt = 0; attempt < 5 && (await runtime.request('GET', path, { as })).status >= 500; attempt += 1);
  }
}

/** `enrolFace: false` skips the reference face (journeys without a camera need none, and the face engine is the slowest step). */
export async function prepareWorld(runtime: ApiCaller, options: { enrolFace?: boolean } = {}): Promise<JourneyWorld> {
  await warmUp(runtime);
  const { siteId, teacherId } = await registerSchool(runtime);
  const trainee = await ok<TraineeView>(
    runtime.request('POST', '/trainees', {
      as: 'trainee1',
      body: {
        ...TRAINEE,
        targetGroups: ['RURAL_MIGRANT_WORKER'],
        biometricConsent: { agreed: true, agreedAt: '2026-11-26T10:00:00+08:00', noticeVersion: '2026-01' },
      },
    }),
    201,
  );
  if (options.enrolFace !== false) await enrolReferenceFace(runtime, trainee.traineeId);

  const project = await ok<{ projectId: string }>(
    runtime.request('POST', '/projects', {
      as: 'reviewer1',
      body: {
        year: 2027,
        areaCode: '520102',
        trainingType: 'EMPLOYMENT_LONG_TERM',
        occupationCode: '4-03-02-01',
        headcount: 200,
        fundsFen: 250_000_000,
        caseByCase: false,
        procurement: { method: 'PUBLIC_TENDER', urgent: false, eMallRequired: false, completedOn: '2027-01-20', awardedInstitutionIds: ['ins_demo'] },
      },
    }),
    201,
  );
  const demand = await ok<{ jobDemandId: string }>(
    runtime.request('POST', '/job-demands', {
      as: 'reviewer1',
      body: { occupationCode: '4-03-02-01', employerName: '贵州黔厨餐饮管理有限公司', positions: 50, validUntil: '2027-12-31' },
    }),
    201,
  );
  const className = `${CLASS_DAY}中式烹调师（五级）就业技能培训班`;
  // Real PDFs through the document routes (Art. 23): a class application names only checked uploads of its school.
  const school = (method: string, path: string, body?: unknown) => runtime.request(method, path, { as: 'school1', ...(body === undefined ? {} : { body }) });
  const [materials, [applicationFormId]] = await Promise.all([uploadMaterials(school), uploadApplicationForms(school, 1)]);
  const draft = await ok<ClassView>(
    runtime.request('POST', '/classes', {
      as: 'school1',
      body: {
        name: className,
        trainingType: 'EMPLOYMENT_LONG_TERM',
        occupationCode: '4-03-02-01',
        certificates: [{ occupationCode: '4-03-02-01', level: 'LEVEL_5' }],
        siteId,
        projectId: project.projectId,
        jobDemandId: demand.jobDemandId,
        materials,
        sessions: [
          { sessionId: 'd1am', date: CLASS_DAY, start: '09:00', end: '12:00', hours: 4, topic: '第1天理论', teacherIds: [teacherId] },
          { sessionId: 'd1pm', date: CLASS_DAY, start: '14:00', end: '17:00', hours: 4, topic: '第1天实操', teacherIds: [teacherId] },
        ],
        roster: [{ traineeId: trainee.traineeId, applicationFormId }],
      },
    }),
    201,
  );
  await ok(runtime.request('POST', `/classes/${draft.classId}/submit`, { as: 'school1' }), 200, 'class submission');
  return { traineeId: trainee.traineeId, classId: draft.classId, className };
}

/** trainee1 signs in and proves once on this device that the record is theirs (`POST /trainees/me/account`); ends on their home page with its sessions. */
export async function signInAsTrainee(page: Page): Promise<void> {
  await signIn(page, 'trainee1');
  await page.getByLabel('居民身份证号码').fill(TRAINEE.idNumber);
  await page.getByLabel('姓名').fill(TRAINEE.name);
  await page.getByLabel('手机号码').fill(TRAINEE.phone);
  await page.getByRole('button', { name: '核验身份' }).click();
  await page.getByRole('button', { name: '刷脸签到' }).first().waitFor();
}
