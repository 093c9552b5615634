import { classApproved } from '@peixun/shared';
import type { DemoApi } from './demo-api';
import { type ApiCall, uploadApplicationForms, uploadMaterials } from './documents';
import { beijingDate, beijingInstant, type DemoContext, type DemoStep } from './step';
import { DEMO_TRAINEES, traineeFactKey } from './trainees';

/** The school's documents, uploaded through the API like any school's and checked (Art. 23). */
interface ApplicationDocuments {
  readonly materials: Array<{ kind: string; documentId: string }>;
  /** One trainee application form per trainee, in roster order. */
  readonly forms: readonly string[];
}

const schoolCalls =
  (api: DemoApi): ApiCall =>
  (method, path, body) =>
    api.call('school1', method, path, body, [422]);

async function uploadDocuments(api: DemoApi, traineeCount: number): Promise<ApplicationDocuments> {
  const call = schoolCalls(api);
  const [materials, forms] = await Promise.all([uploadMaterials(call), uploadApplicationForms(call, traineeCount)]);
  return { materials, forms };
}

interface ClassView {
  classId: string;
  application: { sessions: Array<{ sessionId: string; date: string; start: string }> };
  /** The school's labels with the ids the system gave the sessions. */
  sessions: Array<{ label: string; sessionId: string }>;
}

/** A long-term 中式烹调师 class of ins_demo on one day: 09:00–12:00 and 14:00–17:00 (Beijing). */
function longTermClass({ world }: DemoContext, documents: ApplicationDocuments, name: string, date: string, traineeIds: readonly string[]) {
  const teacherIds = [world.get('DEMO_TEACHER_ID')];
  return {
    name,
    trainingType: 'EMPLOYMENT_LONG_TERM',
    occupationCode: '4-03-02-01',
    certificates: [{ occupationCode: '4-03-02-01', level: 'LEVEL_5' }],
    siteId: world.get('DEMO_SITE_ID'),
    projectId: world.get('DEMO_PROJECT_ID'),
    jobDemandId: world.get('DEMO_JOB_DEMAND_ID'),
    materials: documents.materials,
    // The ids are the client's today; the facts below are read from the answer, not from here.
    sessions: [
      { sessionId: `ses_demo_${date.replaceAll('-', '')}_am`, date, start: '09:00', end: '12:00', hours: 4, topic: '中式烹调理论', teacherIds },
      { sessionId: `ses_demo_${date.replaceAll('-', '')}_pm`, date, start: '14:00', end: '17:00', hours: 4, topic: '中式烹调实操', teacherIds },
    ],
    roster: traineeIds.map((traineeId, index) => ({ traineeId, applicationFormId: documents.forms[index] })),
  };
}

async function submitted(context: DemoContext, body: ReturnType<typeof longTermClass>): Promise<ClassView> {
  const created = await context.api.send<ClassView>('school1', 'POST', '/classes', body);
  await context.api.send('school1', 'POST', `/classes/${created.classId}/submit`);
  return created;
}

/** The system's id of the session that starts at `start`: the application names it by the school's label. */
const sessionAt = (view: ClassView, start: string): string => {
  const label = view.application.sessions.find((session) => session.start === start)?.sessionId;
  return view.sessions.find((session) => session.label === label)?.sessionId ?? '';
};

/**
 * Today's class, approved: its sessions are today, so it had to be submitted and approved before
 * 09:00 (Art. 27, "先进后补"). The seed moves the runtime's clock to 07:00 for that, whatever the
 * hour, and back. A second class a week later waits in reviewer1's queue.
 */
export const classesStep: DemoStep = {
  name: 'classes',
  async run(context) {
    const { api, world, runtime, today } = context;
    const traineeIds = DEMO_TRAINEES.map((trainee) => world.get(traineeFactKey(trainee)));
    const documents = await uploadDocuments(api, traineeIds.length);
    runtime.setClock(new Date(beijingInstant(today, '07:00')));
    let approved: ClassView;
    try {
      approved = await submitted(context, longTermClass(context, documents, `${today}中式烹调师（五级）就业技能培训班（演示）`, today, traineeIds));
      await api.send('reviewer1', 'POST', `/classes/${approved.classId}/review`, { decision: 'APPROVE', reasons: [] });
    } finally {
      runtime.setClock(undefined);
    }
    // Attendance and recordings learn the sessions from Class.Approved; faces and check-ins need them there.
    await runtime.bus.waitFor({ ...classApproved.pattern, detail: { class: { classId: [approved.classId] } } }, { timeoutMs: 30_000 });
    await runtime.bus.settled();
    world.remember('DEMO_CLASS_ID', approved.classId, '已审核通过的演示班次（今日两个课次）');
    world.remember('DEMO_SESSION_DATE', today, '演示课次的日期（北京时间）');
    world.remember('DEMO_SESSION_ID', sessionAt(approved, '09:00'), '上午课次 09:00–12:00');
    world.remember('DEMO_AFTERNOON_SESSION_ID', sessionAt(approved, '14:00'), '下午课次 14:00–17:00');

    const nextWeek = beijingDate(new Date(`${today}T12:00:00+08:00`), 7);
    const pending = await submitted(context, longTermClass(context, documents, `${nextWeek}中式烹调师（五级）就业技能培训班（演示）`, nextWeek, traineeIds.slice(0, 2)));
    world.remember('DEMO_PENDING_CLASS_ID', pending.classId, `待 reviewer1 审核的班次（${nextWeek}）`);
  },
};
