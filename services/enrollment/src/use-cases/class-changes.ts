import { type AuthContext, NotFound, newId } from '@peixun/shared';
import { authorise } from '../classes/actors';
import { type ChangeRequest, type ClassChange, applyClassChange, decideClassChange, requestClassChange } from '../classes/change-requests';
import { rebookTeachers, teacherIdsOf } from '../classes/teacher-schedules';
import { rebookClass } from '../classes/trainee-schedules';
import { validateClassApplication } from '../classes/validate-class-application';
import type { EnrollmentDependencies } from '../dependencies';
import { shanghaiTimestamp } from '../reference/calendar';
import { changeEvents } from './class-events';
import { findClass, retryOnScheduleChange } from './class-commands';
import { loadClassWorld } from './class-world';

export async function requestChange(deps: EnrollmentDependencies, classId: string, change: ClassChange, reason: string, auth: AuthContext, now: Date) {
  const record = await findClass(deps, classId);
  const request = requestClassChange({
    lifecycle: record.lifecycle,
    application: record.application,
    change,
    changeRequestId: newId('chg'),
    reason,
    actor: { kind: 'user', auth },
    at: shanghaiTimestamp(now),
  });
  await deps.classes.createChangeRequest(request);
  return request;
}

/**
 * Approving re-runs every class rule on the changed class (a moved session may now clash, a new
 * trainee may be too old) and rewrites the affected trainees' and teachers' schedules, the class
 * and the decided request in one transaction.
 */
export async function decideChange(
  deps: EnrollmentDependencies,
  classId: string,
  changeRequestId: string,
  decision: 'APPROVE' | 'REJECT',
  reasons: readonly string[],
  auth: AuthContext,
  now: Date,
): Promise<ChangeRequest> {
  return retryOnScheduleChange(classId, async () => {
    const record = await findClass(deps, classId);
    // Whether such a request exists is the approving office's business only.
    authorise({ kind: 'user', auth }, ['reviewer'], record.lifecycle);
    const request = await deps.classes.findChangeRequest(classId, changeRequestId);
    if (request === undefined) throw new NotFound('变更申请', changeRequestId);
    const common = { request, lifecycle: record.lifecycle, decision, reasons, actor: { kind: 'user' as const, auth }, at: shanghaiTimestamp(now) };
    if (decision === 'REJECT') {
      const decided = decideClassChange(common).request;
      await deps.classes.saveRejectedChange(decided);
      return decided;
    }
    const application = applyClassChange(record.application, request.change);
    const { context, schedules, teacherSchedules } = await loadClassWorld(deps, application);
    const leaving = record.application.roster.map((entry) => entry.traineeId).filter((traineeId) => !schedules.has(traineeId));
    const teachersLeaving = teacherIdsOf(record.application).filter((teacherId) => !teacherSchedules.has(teacherId));
    const [leavingSchedules, leavingTeacherSchedules] = await Promise.all([deps.classes.schedules(leaving), deps.classes.teacherSchedules(teachersLeaving)]);
    const allSchedules = new Map([...schedules, ...leavingSchedules]);
    const allTeacherSchedules = new Map([...teacherSchedules, ...leavingTeacherSchedules]);
    const decided = decideClassChange({ ...common, changed: { application, violations: validateClassApplication(application, context) } });
    await deps.classes.saveWithSchedules(record, { application, lifecycle: decided.lifecycle }, rebookClass(allSchedules, classId, application), {
      teacherSchedules: rebookTeachers(allTeacherSchedules, classId, application),
      decidedChange: decided.request,
      events: changeEvents(decided.request, application, decided.lifecycle, context),
    });
    return decided.request;
  });
}
