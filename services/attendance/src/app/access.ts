/** Who may act on what: trainees on themselves, staff on their institution's classes, reviewers in their area. */
import { Forbidden, hasRole, type AuthContext } from '@peixun/shared';
import type { ProjectedClass, ProjectionRepository } from '../adapters/projection-repository';
import { areaCovers } from '../domain/area';

/** The trainee record linked to a trainee's login (self-registration), or 403. */
export async function ownTraineeId(auth: AuthContext, projection: ProjectionRepository): Promise<string> {
  const traineeId = await projection.traineeIdForAccount(auth.sub);
  if (traineeId === undefined) throw new Forbidden('您的账号尚未关联实名登记的学员信息。');
  return traineeId;
}

export function assertStaffOf(auth: AuthContext, cls: Pick<ProjectedClass, 'institutionId'>): void {
  if (auth.institutionId === undefined || auth.institutionId !== cls.institutionId) {
    throw new Forbidden('只能操作本机构的班次。', { institutionId: auth.institutionId });
  }
}

export function assertReviewerOf(auth: AuthContext, areaCode: string): void {
  if (auth.areaCode === undefined || !areaCovers(auth.areaCode, areaCode)) {
    throw new Forbidden('只能处理本辖区的记录。', { areaCode: auth.areaCode });
  }
}

/** Staff of the class's institution, or a reviewer of its approving area. */
export function assertMaySeeClass(auth: AuthContext, cls: Pick<ProjectedClass, 'institutionId' | 'approvingAreaCode'>): void {
  if (hasRole(auth, 'reviewer') && auth.areaCode !== undefined && areaCovers(auth.areaCode, cls.approvingAreaCode)) return;
  if (hasRole(auth, 'institution') && auth.institutionId === cls.institutionId) return;
  throw new Forbidden('无权查看该班次的考勤。');
}
