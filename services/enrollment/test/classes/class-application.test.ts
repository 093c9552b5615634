import { describe, expect, it } from 'vitest';
import { classApplicationSchema } from '../../src/classes/class-application';
import { assertClassApplicationValid, ClassApplicationRejected, validateClassApplication } from '../../src/classes/validate-class-application';
import type { TrainingProject } from '../../src/classes/training-project';
import type { DocumentFacts } from '../../src/classes/validation-context';
import { ALL_MATERIALS, application, applicationFormId, codes, context, INSTITUTION_ID, institution, sessions, teacher, trainee, traineesFor, uploadedDocuments } from '../support/issue3-fixtures';

const find = (violations: ReturnType<typeof validateClassApplication>, code: string) => violations.filter((v) => v.code === code);

describe('class opening application (开班申请)', () => {
  it('Art. 9, 23: a complete long-term application passes every rule', () => {
    const app = application();
    expect(classApplicationSchema.parse(app)).toEqual(app);
    expect(validateClassApplication(app, context())).toEqual([]);
  });

  it('returns all violations at once, each with a code, an article and a Chinese message', () => {
    const app = application(
      { certificates: [{ occupationCode: '4-03-02-01', level: 'LEVEL_5' }, { occupationCode: 'GZ-ZX-QC01', level: 'SPECIAL_ABILITY' }], materials: [] },
      61,
    );
    const violations = validateClassApplication(app, context());
    expect(codes(violations)).toEqual(
      expect.arrayContaining(['CLASS_SIZE_EXCEEDED', 'CERTIFICATE_MIX_SPECIAL_AND_LEVEL_5', 'MATERIALS_INCOMPLETE', 'ROSTER_CERTIFICATE_REQUIRED']),
    );
    for (const violation of violations) {
      expect(violation.code).toMatch(/^[A-Z0-9_]+$/);
      expect(violation.message).toMatch(/[\u4e00-\u9fa5]/);
      expect(violation.message).toContain('规定');
    }
    expect(() => assertClassApplicationValid(app, context())).toThrow(ClassApplicationRejected);
  });

  describe('class size', () => {
    it('Art. 18(1): class size above 60 is rejected', () => {
      const [violation, ...rest] = find(validateClassApplication(application({}, 61), context()), 'CLASS_SIZE_EXCEEDED');
      expect(rest).toEqual([]);
      expect(violation?.article).toBe('Art. 18(1)');
      expect(violation?.message).toContain('第十八条第（一）项');
      expect(violation?.message).toContain('61人');
    });

    it('Art. 18(1): exactly 60 trainees is allowed', () => {
      expect(codes(validateClassApplication(application({}, 60), context()))).not.toContain('CLASS_SIZE_EXCEEDED');
    });

    it('Art. 18(3): an entrepreneurship class above 30 is rejected, 30 is allowed', () => {
      const entrepreneurship = (size: number) =>
        application({ trainingType: 'ENTREPRENEURSHIP', occupationCode: 'GZ-CY-SYB', certificates: [], jobDemandId: undefined, siteId: 'site_nm_2', sessions: sessions(10) }, size);
      expect(codes(validateClassApplication(entrepreneurship(31), context()))).toContain('ENTREPRENEURSHIP_CLASS_SIZE_EXCEEDED');
      expect(validateClassApplication(entrepreneurship(30), context())).toEqual([]);
    });

    it('Art. 23: an empty roster is rejected', () => {
      expect(codes(validateClassApplication(application({}, 0), context()))).toContain('ROSTER_EMPTY');
    });
  });

  describe('certificates', () => {
    it('Art. 18(1): one class may not combine 专项职业能力 and 初级工', () => {
      const app = application({
        certificates: [
          { occupationCode: '4-03-02-01', level: 'LEVEL_5' },
          { occupationCode: 'GZ-ZX-QC01', level: 'SPECIAL_ABILITY' },
        ],
      });
      const [violation] = find(validateClassApplication(app, context()), 'CERTIFICATE_MIX_SPECIAL_AND_LEVEL_5');
      expect(violation?.message).toContain('中式烹调师五级/初级工');
      expect(violation?.message).toContain('黔菜烹饪（专项）专项职业能力');
    });

    it('Art. 18(1): the 粤菜师傅 / 南粤家政 mutual-recognition projects may combine them', () => {
      const app = application({
        mutualRecognitionProgramme: 'YUECAI_SHIFU',
        certificates: [
          { occupationCode: '4-03-02-01', level: 'LEVEL_5' },
          { occupationCode: 'GZ-ZX-QC01', level: 'SPECIAL_ABILITY' },
        ],
        sessions: sessions(12),
      });
      app.roster = app.roster.map((entry, i) => ({ ...entry, certificate: app.certificates[i % 2] }));
      expect(codes(validateClassApplication(app, context()))).not.toContain('CERTIFICATE_MIX_SPECIAL_AND_LEVEL_5');
    });

    it('Art. 18(1): 初级工 and 中级工 of one occupation may share a class, each trainee naming a certificate', () => {
      const certificates = [
        { occupationCode: '4-03-02-01', level: 'LEVEL_5' as const },
        { occupationCode: '4-03-02-01', level: 'LEVEL_4' as const },
      ];
      const app = application({ certificates });
      expect(codes(validateClassApplication(app, context()))).toEqual(Array(40).fill('ROSTER_CERTIFICATE_REQUIRED'));
      app.roster = app.roster.map((entry, i) => ({ ...entry, certificate: certificates[i % 2] }));
      expect(validateClassApplication(app, context())).toEqual([]);
    });

    it('Art. 18(1): a trainee aiming at a certificate the class does not offer is named', () => {
      const app = application();
      app.roster[4] = { ...app.roster[4]!, certificate: { occupationCode: '4-03-02-01', level: 'LEVEL_3' } };
      const [violation] = find(validateClassApplication(app, context()), 'ROSTER_CERTIFICATE_NOT_IN_CLASS');
      expect(violation?.path).toBe('roster[4].certificate');
      expect(violation?.subjects[0]).toMatchObject({ kind: 'trainee', id: trainee(5).traineeId });
    });

    it('Art. 18(1) "按证补贴": a long-term class must name its certificate level', () => {
      expect(codes(validateClassApplication(application({ certificates: [] }), context()))).toContain('CERTIFICATE_LEVEL_REQUIRED');
    });

    it('Art. 6: an occupation or level outside the local catalogue is rejected', () => {
      expect(codes(validateClassApplication(application({ occupationCode: '9-99-99-99', jobDemandId: undefined }), context()))).toContain(
        'OCCUPATION_NOT_IN_CATALOGUE',
      );
      expect(codes(validateClassApplication(application({ certificates: [{ occupationCode: '4-03-02-01', level: 'LEVEL_1' }] }), context()))).toContain(
        'CERTIFICATE_LEVEL_NOT_IN_CATALOGUE',
      );
    });

    it('Art. 6, 18(2): a short course must be listed as a short course in the catalogue', () => {
      const app = application({ trainingType: 'EMPLOYMENT_SHORT', occupationCode: '6-31-01-03', certificates: [], jobDemandId: undefined, sessions: sessions(2) });
      expect(codes(validateClassApplication(app, context()))).toEqual(['OCCUPATION_NOT_OFFERED_FOR_TYPE']);
    });
  });

  describe('subsidised hours', () => {
    it('Art. 18(1): 专项职业能力 training above 160 subsidised hours is rejected', () => {
      const app = application({
        occupationCode: 'GZ-ZX-QC01',
        certificates: [{ occupationCode: 'GZ-ZX-QC01', level: 'SPECIAL_ABILITY' }],
        jobDemandId: undefined,
        trainingType: 'LABOUR_PREPARATION',
        sessions: sessions(21),
      });
      const violations = validateClassApplication(app, context({ trainees: traineesFor(80, () => ({ targetGroups: ['SCHOOL_LEAVER'] })) }));
      const [violation] = find(violations, 'SUBSIDISED_HOURS_ABOVE_ARTICLE_CAP');
      expect(violation?.message).toContain('168学时');
      expect(violation?.message).toContain('160');
    });

    it('Art. 18(1): 初/中/高级工 training above 320 subsidised hours is rejected', () => {
      const app = application({ occupationCode: '6-31-01-03', certificates: [{ occupationCode: '6-31-01-03', level: 'LEVEL_4' }], sessions: sessions(41) });
      const ctx = context({
        jobDemands: new Map([['jd_001', { jobDemandId: 'jd_001', occupationCode: '6-31-01-03', employerName: '贵州电网', positions: 40, validUntil: '2025-12-31' }]]),
      });
      expect(codes(validateClassApplication(app, ctx))).toEqual(['SUBSIDISED_HOURS_ABOVE_ARTICLE_CAP']);
      expect(validateClassApplication({ ...app, sessions: sessions(40) }, ctx)).toEqual([]);
    });

    it('Art. 6: hours above the catalogue cap (below the article cap) are rejected with the catalogue version', () => {
      const [violation] = find(validateClassApplication(application({ sessions: sessions(31) }), context()), 'SUBSIDISED_HOURS_ABOVE_CATALOGUE_CAP');
      expect(violation?.message).toContain('248学时');
      expect(violation?.message).toContain('240学时');
      expect(violation?.message).toContain('520000-2025.1-sample');
    });

    it('Art. 18(2): a short course longer than 3 days is rejected', () => {
      const app = application({ trainingType: 'EMPLOYMENT_SHORT', certificates: [], jobDemandId: undefined, sessions: sessions(4) });
      const violations = validateClassApplication(app, context());
      expect(codes(violations)).toEqual(['SHORT_COURSE_TOO_MANY_DAYS']);
      expect(violations[0]?.message).toContain('4天');
      expect(validateClassApplication({ ...app, sessions: sessions(3) }, context())).toEqual([]);
    });

    it('Art. 18(2): a short-course day above 8 class hours is rejected, naming the sessions', () => {
      const plan = sessions(2);
      plan.push({ sessionId: 'evening', date: plan[0]!.date, start: '18:00', end: '20:00', hours: 2, topic: '晚间加课', teacherIds: ['tch_wang'] });
      const app = application({ trainingType: 'EMPLOYMENT_SHORT', certificates: [], jobDemandId: undefined, sessions: plan });
      const [violation] = find(validateClassApplication(app, context()), 'SHORT_COURSE_DAY_TOO_LONG');
      expect(violation?.message).toContain('10个课时');
      expect(violation?.subjects.map((s) => s.id)).toEqual(['s1a', 's1p', 'evening']);
    });

    it('practice: a session may not count more class hours than its duration holds (45 minutes each)', () => {
      const plan = sessions();
      plan[0] = { ...plan[0]!, hours: 5 };
      const [violation] = find(validateClassApplication(application({ sessions: plan }), context()), 'SESSION_HOURS_EXCEED_DURATION');
      expect(violation?.subjects[0]?.id).toBe('s1a');
    });

    it('Art. 23: sessions of one class may not overlap each other', () => {
      const plan = sessions();
      plan[1] = { ...plan[1]!, start: '11:00', end: '14:00', hours: 4 };
      expect(codes(validateClassApplication(application({ sessions: plan }), context()))).toContain('SESSIONS_OVERLAP');
    });
  });

  describe('apprenticeship (Art. 10, 13)', () => {
    const apprenticeship = (startDate: string, endDate: string, extensionReason?: string) =>
      application({
        trainingType: 'APPRENTICESHIP',
        jobDemandId: undefined,
        apprenticeship: { startDate, endDate, ...(extensionReason ? { extensionReason } : {}) },
        sessions: sessions(5, '2025-09-01'),
        roster: Array.from({ length: 10 }, (_, i) => ({ traineeId: trainee(i + 1).traineeId, applicationFormId: applicationFormId(i + 1), labourContractMonths: 36 })),
      });
    const employees = context({ trainees: traineesFor(20, () => ({ targetGroups: ['ENTERPRISE_EMPLOYEE'] })) });

    it('Art. 13: an apprenticeship of 1 to 2 years is accepted', () => {
      expect(validateClassApplication(apprenticeship('2025-09-01', '2027-08-31'), employees)).toEqual([]);
    });

    it('Art. 13: an apprenticeship shorter than 1 year is rejected', () => {
      expect(codes(validateClassApplication(apprenticeship('2025-09-01', '2026-08-30'), employees))).toEqual(['APPRENTICESHIP_TOO_SHORT']);
    });

    it('Art. 13: beyond 2 years needs a stated reason, and 3 years is the most', () => {
      expect(codes(validateClassApplication(apprenticeship('2025-09-01', '2028-08-31'), employees))).toEqual(['APPRENTICESHIP_EXTENSION_REASON_REQUIRED']);
      expect(validateClassApplication(apprenticeship('2025-09-01', '2028-08-31', '高技能岗位培养周期长'), employees)).toEqual([]);
      expect(codes(validateClassApplication(apprenticeship('2025-09-01', '2028-09-01', '高技能岗位培养周期长'), employees))).toEqual(['APPRENTICESHIP_TOO_LONG']);
    });

    it('Art. 10: an apprentice needs a labour contract of at least one year', () => {
      const app = apprenticeship('2025-09-01', '2026-08-31');
      app.roster[2] = { ...app.roster[2]!, labourContractMonths: 11 };
      const [violation] = find(validateClassApplication(app, employees), 'APPRENTICE_CONTRACT_TOO_SHORT');
      expect(violation?.message).toContain(trainee(3).name);
      expect(violation?.message).toContain('11个月');
    });
  });

  describe('trainees', () => {
    it('law: a trainee under 16 on the first day is rejected, naming the trainee', () => {
      const ctx = context({ trainees: traineesFor(80, (i) => (i === 7 ? { birthDate: '2009-06-03' } : {})) });
      const [violation, ...rest] = find(validateClassApplication(application(), ctx), 'TRAINEE_TOO_YOUNG');
      expect(rest).toEqual([]);
      expect(violation?.message).toContain(trainee(7).name);
      expect(violation?.message).toContain('15周岁');
      expect(violation?.path).toBe('roster[6]');
    });

    it('law: turning 16 on the first day is enough', () => {
      const ctx = context({ trainees: traineesFor(80, (i) => (i === 7 ? { birthDate: '2009-06-02' } : {})) });
      expect(validateClassApplication(application(), ctx)).toEqual([]);
    });

    it('practice: above the configured upper age of the track is rejected', () => {
      const ctx = context({ trainees: traineesFor(80, (i) => (i === 2 ? { birthDate: '1964-01-01' } : {})) });
      expect(codes(validateClassApplication(application(), ctx))).toEqual(['TRAINEE_ABOVE_LOCAL_AGE_LIMIT']);
    });

    it('Art. 18(2): rural workers on agricultural short courses may be up to 65', () => {
      const farming = application({ trainingType: 'EMPLOYMENT_SHORT', occupationCode: '5-01-02-01', certificates: [], jobDemandId: undefined, sessions: sessions(3) });
      const aged = (birthDate: string) => context({ trainees: traineesFor(80, (i) => (i === 1 ? { birthDate } : {})) });
      expect(validateClassApplication(farming, aged('1960-01-01'))).toEqual([]);
      expect(codes(validateClassApplication(farming, aged('1959-06-01')))).toEqual(['TRAINEE_TOO_OLD']);
      // The same person on a cooking short course keeps the ordinary limit.
      const cooking = { ...farming, occupationCode: '4-03-02-01' };
      expect(codes(validateClassApplication(cooking, aged('1960-01-01')))).toEqual(['TRAINEE_ABOVE_LOCAL_AGE_LIMIT']);
    });

    it('Art. 18(2): the relaxation needs a rural worker — an urban unemployed trainee keeps the ordinary limit', () => {
      const farming = application({ trainingType: 'EMPLOYMENT_SHORT', occupationCode: '5-01-02-01', certificates: [], jobDemandId: undefined, sessions: sessions(3) });
      const ctx = context({ trainees: traineesFor(80, (i) => (i === 1 ? { birthDate: '1960-01-01', targetGroups: ['URBAN_UNEMPLOYED'] } : {})) });
      expect(codes(validateClassApplication(farming, ctx))).toEqual(['TRAINEE_ABOVE_LOCAL_AGE_LIMIT']);
      farming.roster[0] = { ...farming.roster[0]!, ruralLabourer: true };
      expect(validateClassApplication(farming, ctx)).toEqual([]);
    });

    it('Art. 15: a trainee outside the target groups of the track is rejected', () => {
      const ctx = context({ trainees: traineesFor(80, (i) => (i === 3 ? { targetGroups: ['ENTERPRISE_EMPLOYEE'] } : {})) });
      const [violation] = find(validateClassApplication(application(), ctx), 'TRAINEE_NOT_ELIGIBLE_FOR_TRACK');
      expect(violation?.message).toContain('企业职工');
      expect(violation?.message).toContain(trainee(3).name);
    });

    it('Art. 27: a trainee not registered under real name is rejected', () => {
      const app = application();
      app.roster.push({ traineeId: 'trn_unknown', applicationFormId: 'f' });
      const [violation] = find(validateClassApplication(app, context()), 'TRAINEE_NOT_REGISTERED');
      expect(violation?.message).toContain('trn_unknown');
      expect(violation?.message).toContain('第二十七条');
    });

    it('Art. 23: a trainee listed twice and a missing personal application form are named', () => {
      const app = application();
      app.roster.push({ ...app.roster[0]! });
      app.roster[1] = { traineeId: app.roster[1]!.traineeId };
      // Reported in roster order: row 2 lacks its form, row 41 repeats row 1.
      expect(codes(validateClassApplication(app, context()))).toEqual(['TRAINEE_APPLICATION_FORM_MISSING', 'TRAINEE_DUPLICATE_IN_ROSTER']);
    });

    it('Art. 28: a trainee cannot sit in two classes whose sessions overlap', () => {
      const other = trainee(5);
      const ctx = context({
        otherSessionsByTrainee: new Map([
          [
            other.traineeId,
            [
              { classId: 'cls_other', className: '育婴员培训班', sessionId: 'x1', startsAt: '2025-06-03T10:00:00+08:00', endsAt: '2025-06-03T11:30:00+08:00' },
              { classId: 'cls_other', className: '育婴员培训班', sessionId: 'x2', startsAt: '2025-06-03T12:00:00+08:00', endsAt: '2025-06-03T14:00:00+08:00' },
            ],
          ],
        ]),
      });
      const [violation, ...rest] = find(validateClassApplication(application(), ctx), 'TRAINEE_SESSION_OVERLAP');
      expect(rest).toEqual([]);
      expect(violation?.message).toContain(other.name);
      expect(violation?.message).toContain('育婴员培训班');
      expect(violation?.subjects.map((s) => s.id)).toEqual([other.traineeId, 's2a']);
    });

    it('Art. 28: back-to-back sessions and sessions of the same class do not count as overlaps', () => {
      const ctx = context({
        otherSessionsByTrainee: new Map([
          [
            trainee(1).traineeId,
            [
              { classId: 'cls_other', className: '午间班', sessionId: 'y', startsAt: '2025-06-02T12:00:00+08:00', endsAt: '2025-06-02T14:00:00+08:00' },
              { classId: 'cls_001', className: '本班', sessionId: 's1a', startsAt: '2025-06-02T09:00:00+08:00', endsAt: '2025-06-02T12:00:00+08:00' },
            ],
          ],
        ]),
      });
      expect(validateClassApplication(application(), ctx)).toEqual([]);
    });
  });

  describe('teachers (Art. 33)', () => {
    it('Art. 30: a teacher cannot teach two overlapping sessions of two classes; the refusal names teacher, other class and session', () => {
      const ctx = context({
        otherSessionsByTeacher: new Map([
          [
            'tch_wang',
            [
              { classId: 'cls_other', className: '育婴员培训班', sessionId: 'x1', startsAt: '2025-06-03T13:00:00+08:00', endsAt: '2025-06-03T15:00:00+08:00' },
              { classId: 'cls_other', className: '育婴员培训班', sessionId: 'x2', startsAt: '2025-06-04T12:00:00+08:00', endsAt: '2025-06-04T14:00:00+08:00' },
            ],
          ],
        ]),
      });
      const [violation, ...rest] = find(validateClassApplication(application(), ctx), 'TEACHER_SESSION_OVERLAP');
      expect(rest).toEqual([]);
      expect(violation?.message).toContain('王建国');
      expect(violation?.message).toContain('育婴员培训班');
      expect(violation?.message).toContain('2025-06-03 14:00—17:00');
      expect(violation?.subjects.map((s) => s.id)).toEqual(['tch_wang', 'cls_other', 's2p']);
    });

    it('a class naming more teachers than one approval can book is refused with the count (storage bound)', () => {
      const plan = sessions().map((session, index) => ({ ...session, teacherIds: [`tch_${index}`] }));
      const [violation] = find(validateClassApplication(application({ sessions: plan }), context()), 'CLASS_TEACHERS_TOO_MANY');
      expect(violation?.message).toContain(`${plan.length}名`);
    });

    it('Art. 30: back-to-back sessions, the class itself and another teacher’s sessions are no teacher overlap', () => {
      const ctx = context({
        otherSessionsByTeacher: new Map([
          [
            'tch_wang',
            [
              { classId: 'cls_other', className: '午间班', sessionId: 'y', startsAt: '2025-06-02T12:00:00+08:00', endsAt: '2025-06-02T14:00:00+08:00' },
              { classId: 'cls_001', className: '本班', sessionId: 's1a', startsAt: '2025-06-02T09:00:00+08:00', endsAt: '2025-06-02T12:00:00+08:00' },
            ],
          ],
          ['tch_other', [{ classId: 'cls_other', className: '午间班', sessionId: 'z', startsAt: '2025-06-02T09:00:00+08:00', endsAt: '2025-06-02T12:00:00+08:00' }]],
        ]),
      });
      expect(validateClassApplication(application(), ctx)).toEqual([]);
    });

    it('Art. 33: an unregistered teacher is rejected, listing the sessions', () => {
      const plan = sessions();
      plan[3] = { ...plan[3]!, teacherIds: ['tch_ghost'] };
      const [violation] = find(validateClassApplication(application({ sessions: plan }), context()), 'TEACHER_NOT_REGISTERED');
      expect(violation?.subjects).toEqual([
        { kind: 'teacher', id: 'tch_ghost' },
        { kind: 'session', id: 's2p', label: expect.stringContaining('2025-06-03') },
      ]);
    });

    it('Art. 33: a teacher whose yearly registration lapses during the class is rejected for the dates after it', () => {
      const lapsing = teacher({ registrations: [{ cityCode: '520100', approvedOn: '2024-06-12', approvedBy: 'r' }] });
      const ctx = context({ teachers: new Map([[lapsing.teacherId, lapsing]]) });
      const [violation] = find(validateClassApplication(application(), ctx), 'TEACHER_REGISTRATION_NOT_VALID');
      expect(violation?.message).toContain('王建国');
      expect(violation?.message).toContain('在2025-06-12至2025-06-21没有贵阳市师资库的有效登记（涉及20个课次）');
      expect(violation?.subjects.filter((s) => s.kind === 'session')).toHaveLength(20);
    });

    it("Art. 33: a registration in another city's registry does not count", () => {
      const elsewhere = teacher({ registrations: [{ cityCode: '520300', approvedOn: '2025-01-10', approvedBy: 'r' }] });
      const [violation] = find(
        validateClassApplication(application(), context({ teachers: new Map([[elsewhere.teacherId, elsewhere]]) })),
        'TEACHER_REGISTRATION_NOT_VALID',
      );
      expect(violation?.message).toContain('贵阳市师资库');
    });
  });

  describe('site and institution', () => {
    it('Art. 23: the site must belong to the institution', () => {
      expect(codes(validateClassApplication(application({ siteId: 'site_elsewhere' }), context()))).toEqual(['SITE_NOT_OWNED_BY_INSTITUTION']);
    });

    it('Art. 9: the site must seat the whole roster', () => {
      const small = institution();
      small.sites[0] = { ...small.sites[0]!, capacity: 30 };
      expect(codes(validateClassApplication(application(), context({ institution: small })))).toEqual(['SITE_CAPACITY_TOO_SMALL']);
    });

    it('Art. 7(2): the site must be equipped for the occupation', () => {
      const app = application({ siteId: 'site_nm_2' });
      const [violation] = find(validateClassApplication(app, context({ institution: institution({ sites: institution().sites.map((s) => ({ ...s, capacity: 60 })) }) })), 'SITE_NOT_EQUIPPED_FOR_OCCUPATION');
      expect(violation?.message).toContain('南明区创业教室');
    });

    it('Art. 7(2): a licence that expires before the last session is rejected', () => {
      const ctx = context({ institution: institution({ licences: [{ ...institution().licences[0]!, validUntil: '2025-06-15' }] }) });
      expect(codes(validateClassApplication(application(), ctx))).toEqual(['INSTITUTION_LICENCE_NOT_VALID']);
    });

    it('Art. 26: a suspended institution cannot open classes', () => {
      expect(codes(validateClassApplication(application(), context({ institution: institution({ status: 'SUSPENDED' }) })))).toEqual(['INSTITUTION_SUSPENDED']);
    });

    it('Art. 23: every opening document must be attached', () => {
      const [violation] = validateClassApplication(application({ materials: [] }), context());
      expect(violation?.code).toBe('MATERIALS_INCOMPLETE');
      expect(violation?.message).toContain('教学计划（方案）');
    });

    describe('Art. 9, 23: materials and application forms are uploaded documents of the institution', () => {
      const withDocument = (documentId: string, facts: Partial<DocumentFacts>) => {
        const documents = uploadedDocuments();
        documents.set(documentId, { documentId, institutionId: INSTITUTION_ID, kind: 'OPENING_FORM', status: 'AVAILABLE', ...facts });
        return context({ documents });
      };
      const opening = (documentId: string) => application({ materials: [{ kind: 'OPENING_FORM', documentId }, ...ALL_MATERIALS.slice(1)] });

      it('Art. 23: an id that names no uploaded document is refused at its field', () => {
        const [violation, ...rest] = validateClassApplication(opening('doc_made_up'), context());
        expect(rest).toEqual([]);
        expect(violation).toMatchObject({ code: 'DOCUMENT_NOT_USABLE', article: 'Art. 23', path: 'materials[0].documentId' });
        expect(violation?.message).toContain('不是本机构上传的文件');
      });

      it("Art. 23: another institution's document is refused like one that does not exist", () => {
        const [violation] = validateClassApplication(opening('doc_theirs'), withDocument('doc_theirs', { institutionId: 'ins_other' }));
        expect(violation).toMatchObject({ code: 'DOCUMENT_NOT_USABLE', path: 'materials[0].documentId' });
        expect(violation?.message).toContain('不是本机构上传的文件');
      });

      it('Art. 23: a document of another kind, one still being checked and one the check refused are each named', () => {
        expect(validateClassApplication(opening('doc_plan2'), withDocument('doc_plan2', { kind: 'TEACHING_PLAN' }))[0]?.message).toContain('不能作为培训开班申请表');
        expect(validateClassApplication(opening('doc_wait'), withDocument('doc_wait', { status: 'PENDING' }))[0]?.message).toContain('尚未完成上传检查');
        expect(validateClassApplication(opening('doc_bad'), withDocument('doc_bad', { status: 'REJECTED' }))[0]?.message).toContain('未通过上传检查');
      });

      it("Art. 23: a trainee's application form must be an uploaded trainee application form", () => {
        const app = application();
        const roster = app.roster.map((entry, index) => (index === 2 ? { ...entry, applicationFormId: 'SQB-2026-0001' } : index === 4 ? { ...entry, applicationFormId: 'doc_form' } : entry));
        const violations = validateClassApplication({ ...app, roster }, context());
        expect(violations.map((v) => [v.code, v.path])).toEqual([
          ['DOCUMENT_NOT_USABLE', 'roster[2].applicationFormId'],
          ['DOCUMENT_NOT_USABLE', 'roster[4].applicationFormId'],
        ]);
        expect(violations[1]?.message).toContain('是培训开班申请表，不能作为培训个人申请表');
      });
    });

    it('Art. 24: only enterprise training may replace the recording by other evidence', () => {
      const waived = application({ recordingWaiver: { reason: '涉密', evidenceDescription: '签到表' } });
      expect(codes(validateClassApplication(waived, context()))).toEqual(['RECORDING_WAIVER_NOT_ALLOWED']);
    });
  });

  describe('以岗定训 and projects', () => {
    it('Art. 9, 23: a long-term class without a job-demand entry is rejected', () => {
      expect(codes(validateClassApplication(application({ jobDemandId: undefined }), context()))).toEqual(['JOB_DEMAND_LINK_REQUIRED']);
    });

    it('Art. 23: labour-preparation classes are not bound to 以岗定训', () => {
      const ctx = context({ trainees: traineesFor(80, () => ({ targetGroups: ['SCHOOL_LEAVER'] })) });
      expect(validateClassApplication(application({ trainingType: 'LABOUR_PREPARATION', jobDemandId: undefined }), ctx)).toEqual([]);
    });

    it('Art. 4, 9: the job demand must exist, match the occupation and still stand', () => {
      expect(codes(validateClassApplication(application({ jobDemandId: 'jd_nope' }), context()))).toEqual(['JOB_DEMAND_NOT_FOUND']);
      const ctx = context({
        jobDemands: new Map([['jd_001', { jobDemandId: 'jd_001', occupationCode: '4-10-01-02', employerName: '某家政公司', positions: 10, validUntil: '2025-05-31' }]]),
      });
      expect(codes(validateClassApplication(application(), ctx))).toEqual(['JOB_DEMAND_OCCUPATION_MISMATCH', 'JOB_DEMAND_EXPIRED']);
    });

    const project = (overrides: Partial<TrainingProject> = {}): TrainingProject => ({
      projectId: 'prj_2026_nm_01',
      year: 2026,
      areaCode: '520102',
      trainingType: 'EMPLOYMENT_LONG_TERM',
      occupationCode: '4-03-02-01',
      headcount: 200,
      fundsFen: 36_000_000,
      caseByCase: false,
      procurement: { method: 'E_MALL', urgent: false, eMallRequired: true, completedOn: '2026-01-20', awardedInstitutionIds: ['ins_qianyi'] },
      ...overrides,
    });
    const in2026 = (overrides = {}) => application({ sessions: sessions(20, '2026-03-02'), ...overrides });
    const ctx2026 = (p?: TrainingProject) =>
      context({
        projects: p ? new Map([[p.projectId, p]]) : new Map(),
        jobDemands: new Map([['jd_001', { jobDemandId: 'jd_001', occupationCode: '4-03-02-01', employerName: '黔厨', positions: 50, validUntil: '2026-12-31' }]]),
        teachers: new Map([['tch_wang', teacher({ registrations: [{ cityCode: '520100', approvedOn: '2026-01-05', approvedBy: 'r' }] })]]),
      });

    it('Art. 7: from 2026 a procured-type class must be opened under a training project', () => {
      expect(codes(validateClassApplication(in2026(), ctx2026()))).toEqual(['PROJECT_REQUIRED']);
      expect(validateClassApplication(in2026({ projectId: 'prj_2026_nm_01' }), ctx2026(project()))).toEqual([]);
    });

    it('Art. 26: a project awarded to another institution cannot be used (no subcontracting)', () => {
      const other = project({ procurement: { ...project().procurement!, awardedInstitutionIds: ['ins_other'] } });
      expect(codes(validateClassApplication(in2026({ projectId: 'prj_2026_nm_01' }), ctx2026(other)))).toEqual(['PROJECT_NOT_AWARDED_TO_INSTITUTION']);
    });

    it('Art. 7: the class must match the project type, occupation and year', () => {
      const other = project({ occupationCode: '4-10-01-02', year: 2027 });
      const [violation] = validateClassApplication(in2026({ projectId: 'prj_2026_nm_01' }), ctx2026(other));
      expect(violation?.code).toBe('PROJECT_MISMATCH');
      expect(violation?.message).toContain('2027');
    });
  });
});
