import { randomUUID } from 'node:crypto';
import { attendanceSummarized, classApproved, classCompleted, type DetailOf, type EventContract, type EventEnvelope } from '@peixun/shared';
import type { DemoStep } from './step';
import { DEMO_TRAINEES } from './trainees';

/**
 * Demo data for the claims service, so a newcomer can file both kinds of claim at once:
 * - 张三 (trainee1, registered by the trainees step) and two more people, 王五 and 赵六, that
 *   `school1` registers through enrollment's API;
 * - a completed class of `ins_demo` with all three on its roster and their attendance, announced
 *   on the bus as enrollment and attendance would announce it (`Class.Approved`, `Class.Completed`,
 *   `Attendance.Summarized`): running a class through its real sessions needs weeks of clock, so
 *   this class exists in claims' projection only, not in enrollment's table;
 * - certificates recorded by `evaluator1` through the API: each trainee's 中式烹调师 五级 (the
 *   class's certificate, for the school's training claim) and 张三's own 中式面点师 四级 (for his
 *   direct claim).
 * Dates follow the real clock: the class ended a month ago, the certificates were issued since.
 */
const DAY = 86_400_000;
const shanghaiDate = (at: Date): string => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
const instant = (date: string, time: string): string => `${date}T${time}+08:00`;

export const DEMO_CLAIMS_CLASS_ID = 'cls_demo_claims';

function trainee1(): Person {
  const trainee = DEMO_TRAINEES.find((candidate) => candidate.login === 'trainee1');
  if (trainee === undefined) throw new Error('the demo trainees have no trainee1 (张三)');
  return trainee;
}
const ZHANGSAN = trainee1();
const OTHERS = [
  { idNumber: '520102199203150027', name: '王五', phone: '13800000012' },
  { idNumber: '520102198807200035', name: '赵六', phone: '13800000013' },
] as const;
interface Person {
  idNumber: string;
  name: string;
}

function envelope<C extends EventContract>(contract: C, detail: Omit<DetailOf<C>, 'schemaVersion'>): EventEnvelope {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': contract.detailType,
    source: contract.source,
    account: '000000000000',
    time: new Date().toISOString(),
    region: 'cn-northwest-1',
    resources: [],
    detail: contract.detail.parse({ ...detail, schemaVersion: contract.schemaVersion }),
  };
}

const masked = (id: string): string => `${id.slice(0, 3)}${'*'.repeat(id.length - 7)}${id.slice(-4)}`;

export const claimsStep: DemoStep = {
  name: 'claims: completed class and certificates',
  async run({ api, world, runtime }) {
    const today = new Date();
    const classStart = shanghaiDate(new Date(today.getTime() - 60 * DAY));
    const classEnd = shanghaiDate(new Date(today.getTime() - 30 * DAY));
    const issuedOn = shanghaiDate(new Date(today.getTime() - 10 * DAY));
    const people: Person[] = [ZHANGSAN, ...OTHERS];
    const roster = [{ traineeId: world.get('DEMO_TRAINEE_ID'), name: ZHANGSAN.name, idNumberMasked: masked(ZHANGSAN.idNumber) }];
    for (const person of OTHERS) {
      const registered = await api.send<{ traineeId: string }>('school1', 'POST', '/trainees', {
        idNumber: person.idNumber,
        name: person.name,
        phone: person.phone,
        targetGroups: ['RURAL_MIGRANT_WORKER'],
        biometricConsent: { agreed: true, agreedAt: instant(classStart, '09:00:00'), noticeVersion: '2026-01' },
      });
      roster.push({ traineeId: registered.traineeId, name: person.name, idNumberMasked: masked(person.idNumber) });
    }
    const by = { sub: 'demo', role: 'system' as const };
    const closing = { classId: DEMO_CLAIMS_CLASS_ID, classVersion: 1, institutionId: 'ins_demo', approvingAreaCode: '520102', by, reasons: [], rosterTraineeIds: roster.map((m) => m.traineeId) };
    runtime.bus.publish(
      envelope(classApproved, {
        class: {
          classId: DEMO_CLAIMS_CLASS_ID,
          classVersion: 1,
          name: '中式烹调师（五级）演示班',
          institutionId: 'ins_demo',
          approvingAreaCode: '520102',
          siteId: 'site_demo',
          trainingType: 'EMPLOYMENT_LONG_TERM',
          trainingMode: 'LONG_TERM',
          occupation: { code: '4-03-02-01', name: '中式烹调师' },
          catalogueVersion: 'demo',
          catalogueIsSample: false,
          certificates: [
            { occupationCode: '4-03-02-01', level: 'LEVEL_5', subsidyFen: 150_000, subsidisedHoursCap: 320 },
            { occupationCode: '4-03-02-02', level: 'LEVEL_4', subsidyFen: 200_000, subsidisedHoursCap: 320 },
          ],
          recordingRequired: true,
          completionAssessment: 'NATIONAL_SKILL_EVALUATION',
          completionAttendancePercent: 80,
          plannedHours: 6,
          sessions: [
            { sessionId: 'ses_demo_claims_1', label: '1', startsAt: instant(classStart, '09:00:00'), endsAt: instant(classStart, '12:00:00'), hours: 3, topic: '刀工', teacherIds: ['tch_demo'], siteId: 'site_demo' },
            { sessionId: 'ses_demo_claims_2', label: '2', startsAt: instant(classEnd, '09:00:00'), endsAt: instant(classEnd, '12:00:00'), hours: 3, topic: '热菜', teacherIds: ['tch_demo'], siteId: 'site_demo' },
          ],
          roster,
        },
        approvedAt: instant(classStart, '08:00:00'),
        approvedBy: { sub: 'demo', role: 'reviewer', areaCode: '520102' },
        reasons: ['演示数据'],
      }),
    );
    await runtime.bus.settled();
    // The attendance service summarises the completed class from its own records (none: the sessions
    // never ran here) and announces it; the demo's summary, standing for the real attendance, must
    // come after it, or claims keeps 0 % and every line of the training claim is refused.
    const attendanceOwnSummary = runtime.bus.waitFor(
      { source: [attendanceSummarized.source], 'detail-type': [attendanceSummarized.detailType], detail: { classId: [DEMO_CLAIMS_CLASS_ID] } },
      { timeoutMs: 30_000 },
    );
    runtime.bus.publish(envelope(classCompleted, { ...closing, at: instant(classEnd, '18:00:00') }));
    await attendanceOwnSummary;
    await runtime.bus.settled();
    runtime.bus.publish(
      envelope(attendanceSummarized, {
        classId: DEMO_CLAIMS_CLASS_ID,
        classVersion: 1,
        institutionId: 'ins_demo',
        approvingAreaCode: '520102',
        thresholdPercent: 80,
        trainees: roster.map((m) => ({ traineeId: m.traineeId, sessionsTotal: 2, sessionsByFace: 2, sessionsByManual: 0, ratePercent: 100, completed: true })),
        summarizedAt: instant(classEnd, '18:00:00'),
      }),
    );
    await runtime.bus.settled();
    const certificate = (person: Person, serial: string, occupationCode: string, occupationName: string, level: 'LEVEL_5' | 'LEVEL_4') => ({
      certificateNumber: `S52010220260${serial}${level === 'LEVEL_5' ? '5' : '4'}000001`,
      idNumber: person.idNumber,
      holderName: person.name,
      occupationCode,
      occupationName,
      level,
      issuedOn,
      issuingBody: '贵阳市职业技能评价中心（演示）',
    });
    for (const [i, person] of people.entries()) await api.send('evaluator1', 'POST', '/certificates', certificate(person, `00${i + 1}`, '4-03-02-01', '中式烹调师', 'LEVEL_5'));
    const direct = certificate(ZHANGSAN, '009', '4-03-02-02', '中式面点师', 'LEVEL_4');
    await api.send('evaluator1', 'POST', '/certificates', direct);
    world.remember('DEMO_CLAIMS_CLASS_ID', DEMO_CLAIMS_CLASS_ID, '已结业、可申请培训补贴的班次（仅在补贴服务中）');
    world.remember('DEMO_ZHANGSAN_ID_NUMBER', ZHANGSAN.idNumber, '张三（trainee1）的身份证号');
    world.remember('DEMO_DIRECT_CERTIFICATE', direct.certificateNumber, '张三可申请证书直补的中式面点师四级证书');
  },
};
