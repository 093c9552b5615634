import { type AuthContext, type ClassApplicationBody, Forbidden, newId, NotFound } from '@peixun/shared';
import { type Actor, authorise } from '../classes/actors';
import { assertDirectEditAllowed } from '../classes/change-requests';
import type { ClassApplication } from '../classes/class-application';
import { prepareClass } from '../classes/prepared-class';
import { scheduleSpan } from '../classes/schedule';
import { rebookTeachers, teacherIdsOf } from '../classes/teacher-schedules';
import { rebookClass } from '../classes/trainee-schedules';
import { ClassApplicationRejected, validateClassApplication } from '../classes/validate-class-application';
import { type ClassAction, type ClassLifecycle, newClassLifecycle, transitionClass } from '../classes/workflow';
import { type ClassRecord, ClassModifiedConcurrently, ScheduleChanged } from '../adapters/class-repository';
import type { EnrollmentDependencies } from '../dependencies';
import { shanghaiTimestamp } from '../reference/calendar';
import { approvedEvents, closingEvents, decisionEvents, submittedEvents } from './class-events';
import { loadClassWorld } from './class-world';

/**
 * The class commands: read the class and the world it is judged against, let the domain decide,
 * write conditionally together with the events. Handlers only parse and call these.
 */
const userActor = (auth: AuthContext): Actor => ({ kind: 'user', auth });

/** Concurrent approvals touching the same trainees or teachers retry this often before giving up with 409. */
const SCHEDULE_ATTEMPTS = 3;

/**
 * Runs a read–judge–write step again when a trainee's or teacher's schedule changed under it: the
 * next round reads the other class's booking and the rules judge it (an overlap is then refused,
 * Art. 28 for trainees, Art. 30 for teachers).
 */
export async function retryOnScheduleChange<T>(classId: string, step: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await step();
    } catch (error) {
      if (!(error instanceof ScheduleChanged)) throw error;
      if (attempt >= SCHEDULE_ATTEMPTS) throw new ClassModifiedConcurrently(classId);
    }
  }
}

function toApplication(body: ClassApplicationBody, classId: string, institutionId: string): ClassApplication {
  return { ...body, classId, institutionId };
}

export async function findClass(deps: EnrollmentDependencies, classId: string): Promise<ClassRecord> {
  const record = await deps.classes.find(classId);
  if (record === undefined) throw new NotFound('班次', classId);
  return record;
}

/** The office is fixed by the site (Art. 9); without a site of the institution there is no class to draft. */
async function draftLifecycleFields(deps: EnrollmentDependencies, application: ClassApplication) {
  const { context } = await loadClassWorld(deps, application);
  // Ownership before validity (Art. 23): a site that is not the school's own is refused alike
  // whether another school registered it or nobody did, so the answer tells nothing about it.
  if (!context.institution.sites.some((site) => site.siteId === application.siteId)) {
    throw new Forbidden(`场地${application.siteId}不是本机构登记的培训场地，开班申请只能使用本机构的场地（第二十三条）。`);
  }
  const office = prepareClass(application, context).office;
  if (office === undefined) {
    throw new ClassApplicationRejected(validateClassApplication(application, context).filter((violation) => violation.path === 'siteId'));
  }
  return { approvingAreaCode: office.code, ...scheduleSpan(application.sessions) };
}

export async function createClass(deps: EnrollmentDependencies, body: ClassApplicationBody, auth: AuthContext): Promise<ClassRecord> {
  if (auth.institutionId === undefined) throw new Forbidden('您的账号未关联培训机构，无法申请开班。');
  const application = toApplication(body, newId('cls'), auth.institutionId);
  const lifecycle = newClassLifecycle({ classId: application.classId, institutionId: auth.institutionId, ...(await draftLifecycleFields(deps, application)) });
  return deps.classes.create(application, lifecycle);
}

/** Drafts and returned applications only; an approved class changes through a change request. */
export async function editClass(deps: EnrollmentDependencies, classId: string, body: ClassApplicationBody, auth: AuthContext): Promise<ClassRecord> {
  const record = await findClass(deps, classId);
  authorise(userActor(auth), ['institution'], record.lifecycle);
  assertDirectEditAllowed(record.lifecycle);
  const application = toApplication(body, classId, record.lifecycle.institutionId);
  const lifecycle: ClassLifecycle = { ...record.lifecycle, ...(await draftLifecycleFields(deps, application)) };
  return deps.classes.save(record, { application, lifecycle });
}

export async function submitClass(deps: EnrollmentDependencies, classId: string, auth: AuthContext, now: Date): Promise<ClassRecord> {
  const record = await findClass(deps, classId);
  const { context } = await loadClassWorld(deps, record.application);
  const lifecycle = transitionClass(record.lifecycle, 'SUBMIT', {
    actor: userActor(auth),
    at: shanghaiTimestamp(now),
    violations: validateClassApplication(record.application, context),
  });
  return deps.classes.save(record, { application: record.application, lifecycle }, submittedEvents(record.application, lifecycle, context));
}

/**
 * Approval books every roster trainee's sessions and every teacher's taught sessions in the same
 * transaction as the class (see `classes/trainee-schedules.ts`, `classes/teacher-schedules.ts`);
 * when another approval changed one of those schedules first, everything is read and judged
 * again, so the overlap rules see the other class.
 */
async function approveClass(deps: EnrollmentDependencies, classId: string, reasons: readonly string[], auth: AuthContext, now: Date): Promise<ClassRecord> {
  return retryOnScheduleChange(classId, async () => {
    const record = await findClass(deps, classId);
    const { context, schedules, teacherSchedules } = await loadClassWorld(deps, record.application);
    const lifecycle = transitionClass(record.lifecycle, 'APPROVE', {
      actor: userActor(auth),
      at: shanghaiTimestamp(now),
      reasons,
      violations: validateClassApplication(record.application, context),
    });
    return deps.classes.saveWithSchedules(record, { application: record.application, lifecycle }, rebookClass(schedules, classId, record.application), {
      teacherSchedules: rebookTeachers(teacherSchedules, classId, record.application),
      events: approvedEvents(record.application, lifecycle, context),
    });
  });
}

export async function reviewClass(
  deps: EnrollmentDependencies,
  classId: string,
  decision: 'APPROVE' | 'REJECT' | 'RETURN',
  reasons: readonly string[],
  auth: AuthContext,
  now: Date,
): Promise<ClassRecord> {
  if (decision === 'APPROVE') return approveClass(deps, classId, reasons, auth, now);
  const record = await findClass(deps, classId);
  const lifecycle = transitionClass(record.lifecycle, decision, { actor: userActor(auth), at: shanghaiTimestamp(now), reasons });
  return deps.classes.save(record, { application: record.application, lifecycle }, decisionEvents(decision, lifecycle));
}

const BOOKED_STATUSES: readonly ClassLifecycle['status'][] = ['APPROVED', 'IN_PROGRESS'];

/** Start, complete or cancel; cancelling a booked class frees its trainees' and teachers' time in the same transaction. */
export async function closeClass(
  deps: EnrollmentDependencies,
  classId: string,
  action: Extract<ClassAction, 'START' | 'COMPLETE' | 'CANCEL'>,
  reasons: readonly string[],
  auth: AuthContext,
  now: Date,
): Promise<ClassRecord> {
  return retryOnScheduleChange(classId, async () => {
    const record = await findClass(deps, classId);
    const lifecycle = transitionClass(record.lifecycle, action, { actor: userActor(auth), at: shanghaiTimestamp(now), reasons });
    const releases = action === 'CANCEL' && BOOKED_STATUSES.includes(record.lifecycle.status);
    const next = { application: record.application, lifecycle };
    const events = closingEvents(action, record.application, lifecycle, releases);
    if (!releases) return deps.classes.save(record, next, events);
    const [schedules, teacherSchedules] = await Promise.all([
      deps.classes.schedules(record.application.roster.map((entry) => entry.traineeId)),
      deps.classes.teacherSchedules(teacherIdsOf(record.application)),
    ]);
    return deps.classes.saveWithSchedules(record, next, rebookClass(schedules, classId, undefined), {
      teacherSchedules: rebookTeachers(teacherSchedules, classId, undefined),
      events,
    });
  });
}
