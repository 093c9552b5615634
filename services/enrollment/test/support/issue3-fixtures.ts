import { checkCharacter, maskResidentId, type TargetGroup } from '@peixun/shared';
import type { ClassApplication, SessionPlan } from '../../src/classes/class-application';
import type { ClassValidationContext, DocumentFacts, TraineeFacts } from '../../src/classes/validation-context';
import { creditCodeCheckCharacter } from '../../src/institutions/credit-code';
import type { Institution } from '../../src/institutions/institution';
import type { Teacher } from '../../src/institutions/teachers';
import { addDays } from '../../src/reference/calendar';
import { bundledDivisionTable } from '../../src/reference/divisions';
import { bundledLimits } from '../../src/reference/limits';
import { bundledOccupationCatalogue } from '../../src/reference/occupations';

/** A valid resident ID number for a region, birth date (YYYYMMDD) and 3-digit sequence. */
export function residentId(region: string, birth: string, sequence: number): string {
  const first17 = `${region}${birth}${String(sequence).padStart(3, '0')}`;
  return `${first17}${checkCharacter(first17)}`;
}

/** A valid unified social credit code: a 民办非企业单位 (52) registered in 南明区. */
export function creditCode(organisation = 'MJY12345A'): string {
  const first17 = `52520102${organisation}`;
  return `${first17}${creditCodeCheckCharacter(first17) ?? ''}`;
}

export const catalogue = bundledOccupationCatalogue();
export const divisions = bundledDivisionTable();
export const limits = bundledLimits();

export const INSTITUTION_ID = 'ins_qianyi';

export function institution(overrides: Partial<Institution> = {}): Institution {
  return {
    institutionId: INSTITUTION_ID,
    name: '贵阳市南明区黔艺职业培训学校',
    kind: 'PRIVATE_TRAINING_SCHOOL',
    creditCode: creditCode(),
    areaCode: '520102',
    licences: [{ kind: 'SCHOOL_OPERATING_PERMIT', number: '人社民520102000123', issuedBy: '贵阳市南明区人力资源和社会保障局', validFrom: '2024-01-01', validUntil: '2028-12-31' }],
    sites: [
      {
        siteId: 'site_nm_1',
        name: '南明区实训基地一楼',
        address: '贵阳市南明区花果园大街1号',
        areaCode: '520102',
        floorAreaSqm: 600,
        capacity: 60,
        facilities: [{ name: '中式烹调工位', quantity: 30 }],
        occupationCodes: ['4-03-02-01', '4-03-02-02', 'GZ-ZX-QC01', '4-10-01-02', '5-01-02-01', '6-31-01-03'],
      },
      {
        siteId: 'site_nm_2',
        name: '南明区创业教室',
        address: '贵阳市南明区花果园大街1号三楼',
        areaCode: '520102',
        floorAreaSqm: 120,
        capacity: 40,
        facilities: [{ name: '多媒体教室', quantity: 1 }],
        occupationCodes: [],
      },
    ],
    status: 'ACTIVE',
    ...overrides,
  };
}

export function teacher(overrides: Partial<Teacher> = {}): Teacher {
  return {
    teacherId: 'tch_wang',
    name: '王建国',
    idNumberMasked: '520***********1234',
    institutionIds: [INSTITUTION_ID],
    qualification: { certificateNumber: 'GZ-SZ-2025-0001', description: '职业技能等级证书（二级/技师）' },
    registrations: [{ cityCode: '520100', approvedOn: '2025-01-10', approvedBy: 'reviewer_gy' }],
    ...overrides,
  };
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = '芳敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂';

export function chineseName(index: number): string {
  return `${SURNAMES[index % SURNAMES.length] ?? '王'}${GIVEN[Math.floor(index / SURNAMES.length) % GIVEN.length] ?? '芳'}`;
}

export function trainee(index: number, overrides: Partial<TraineeFacts> = {}): TraineeFacts {
  const idNumber = residentId('520102', '19900515', 100 + index);
  return {
    traineeId: `trn_${String(index).padStart(3, '0')}`,
    name: chineseName(index),
    idNumberMasked: maskResidentId(idNumber),
    birthDate: '1990-05-15',
    sex: index % 2 === 1 ? 'male' : 'female',
    targetGroups: ['RURAL_MIGRANT_WORKER'] as TargetGroup[],
    verification: 'VERIFIED' as const,
    ...overrides,
  };
}

/** 20 days × two 4-hour blocks (09:00–12:00, 14:00–17:00) = 160 class hours from 2025-06-02. */
export function sessions(days = 20, firstDate = '2025-06-02', teacherId = 'tch_wang'): SessionPlan[] {
  return Array.from({ length: days }, (_, day) => {
    const date = addDays(firstDate, day);
    return [
      { sessionId: `s${day + 1}a`, date, start: '09:00', end: '12:00', hours: 4, topic: `第${day + 1}天理论`, teacherIds: [teacherId] },
      { sessionId: `s${day + 1}p`, date, start: '14:00', end: '17:00', hours: 4, topic: `第${day + 1}天实操`, teacherIds: [teacherId] },
    ];
  }).flat();
}

/**
 * Uploaded documents as the rules see them (Art. 23): the five materials and a trainee application
 * form per trainee, all of `INSTITUTION_ID`, all past their upload check. Tests through the HTTP
 * API upload real files instead (`document-uploads.ts`).
 */
export const ALL_MATERIALS: ClassApplication['materials'] = [
  { kind: 'OPENING_FORM', documentId: 'doc_form' },
  { kind: 'TEACHING_PLAN', documentId: 'doc_plan' },
  { kind: 'TEACHER_PROOF', documentId: 'doc_teacher' },
  { kind: 'SITE_PROOF', documentId: 'doc_site' },
  { kind: 'EQUIPMENT_LIST', documentId: 'doc_equipment' },
];

export const applicationFormId = (index: number): string => `form_${index}`;

export function uploadedDocuments(traineeCount = 80): Map<string, DocumentFacts> {
  const facts: DocumentFacts[] = [
    ...ALL_MATERIALS.map(({ kind, documentId }) => ({ documentId, kind, institutionId: INSTITUTION_ID, status: 'AVAILABLE' as const })),
    ...Array.from({ length: traineeCount }, (_, i) => ({
      documentId: applicationFormId(i + 1),
      kind: 'TRAINEE_APPLICATION_FORM' as const,
      institutionId: INSTITUTION_ID,
      status: 'AVAILABLE' as const,
    })),
  ];
  return new Map(facts.map((fact) => [fact.documentId, fact]));
}

/** A long-term 中式烹调师 五级 class of 40 in 南明区, opened against a job demand: valid as is. */
export function application(overrides: Partial<ClassApplication> = {}, rosterSize = 40): ClassApplication {
  return {
    classId: 'cls_001',
    institutionId: INSTITUTION_ID,
    name: '2025年第3期中式烹调师（五级）培训班',
    trainingType: 'EMPLOYMENT_LONG_TERM',
    occupationCode: '4-03-02-01',
    certificates: [{ occupationCode: '4-03-02-01', level: 'LEVEL_5' }],
    siteId: 'site_nm_1',
    jobDemandId: 'jd_001',
    materials: ALL_MATERIALS,
    sessions: sessions(),
    roster: Array.from({ length: rosterSize }, (_, i) => ({ traineeId: trainee(i + 1).traineeId, applicationFormId: applicationFormId(i + 1) })),
    ...overrides,
  };
}

export function traineesFor(count: number, override: (index: number) => Partial<TraineeFacts> = () => ({})): Map<string, TraineeFacts> {
  return new Map(Array.from({ length: count }, (_, i) => trainee(i + 1, override(i + 1))).map((t) => [t.traineeId, t]));
}

export function context(overrides: Partial<ClassValidationContext> = {}, traineeCount = 80): ClassValidationContext {
  const t = teacher();
  return {
    catalogue,
    divisions,
    limits,
    institution: institution(),
    teachers: new Map([[t.teacherId, t]]),
    trainees: traineesFor(traineeCount),
    otherSessionsByTrainee: new Map(),
    otherSessionsByTeacher: new Map(),
    jobDemands: new Map([
      ['jd_001', { jobDemandId: 'jd_001', occupationCode: '4-03-02-01', employerName: '贵州黔厨餐饮管理有限公司', positions: 50, validUntil: '2025-12-31' }],
    ]),
    projects: new Map(),
    documents: uploadedDocuments(traineeCount),
    ...overrides,
  };
}

export const codes = (violations: readonly { code: string }[]): string[] => violations.map((v) => v.code);
