import { type AuthContext, Forbidden, hasRole } from '@peixun/shared';
import type { DivisionTable } from '../reference/divisions';
import type { ClassApplication } from './class-application';
import type { ClassLifecycle } from './workflow';

/**
 * Who may read a class: the institution that runs it, reviewers whose area contains the
 * approving office's (a city reviewer sees its counties' classes), admins, and the trainees on
 * its roster. `traineeId` is the person behind a trainee login, when there is one.
 */
export function assertMayViewClass(
  lifecycle: ClassLifecycle,
  application: ClassApplication,
  auth: AuthContext,
  divisions: DivisionTable,
  traineeId: string | undefined,
): void {
  if (hasRole(auth, 'admin')) return;
  if (hasRole(auth, 'institution') && auth.institutionId === lifecycle.institutionId) return;
  if (hasRole(auth, 'reviewer') && auth.areaCode !== undefined && divisions.contains(auth.areaCode, lifecycle.approvingAreaCode)) return;
  if (traineeId !== undefined && application.roster.some((entry) => entry.traineeId === traineeId)) return;
  throw new Forbidden('您只能查看本机构、本辖区或本人参加的班次。');
}
