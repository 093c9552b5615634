/** Who the data of attendance belongs to, for the routes' declared access (`@peixun/shared` access model). */
import { type AuthContext, type DataOwner, Forbidden, hasRole } from '@peixun/shared';
import type { ProjectedClass, ProjectionRepository } from '../adapters/projection-repository';
import type { LivenessSubject } from '../face';

/** The trainee record linked to a trainee's login (self-registration or a claim), or 403. */
export async function ownTraineeId(auth: AuthContext, projection: ProjectionRepository): Promise<string> {
  const traineeId = await projection.traineeIdForAccount(auth.sub);
  if (traineeId === undefined) throw new Forbidden('您的账号尚未关联实名登记的学员信息。');
  return traineeId;
}

/** A class's data belongs to the institution running it and to its approving office's area. */
export const classOwner = (cls: Pick<ProjectedClass, 'institutionId' | 'approvingAreaCode'>): DataOwner => ({
  institutionId: cls.institutionId,
  areaCode: cls.approvingAreaCode,
});

/** A session is also the own record of every trainee on its class's roster. */
export async function sessionOwner(auth: AuthContext, projection: ProjectionRepository, cls: ProjectedClass): Promise<DataOwner> {
  if (!hasRole(auth, 'trainee')) return classOwner(cls);
  const traineeId = await projection.traineeIdForAccount(auth.sub);
  const self = traineeId !== undefined && (await projection.isEnrolled(cls.classId, traineeId));
  return { ...classOwner(cls), self };
}

/**
 * Staff run kiosks: the device, named within their institution (device ids are each school's own),
 * is the subject. A trainee is always themself, whatever device they hold.
 */
export async function livenessSubject(projection: ProjectionRepository, auth: AuthContext, deviceId: string): Promise<LivenessSubject> {
  if (hasRole(auth, 'institution')) return { kind: 'DEVICE', deviceId: `${auth.institutionId ?? ''}/${deviceId}` };
  return { kind: 'TRAINEE', traineeId: await ownTraineeId(auth, projection) };
}
