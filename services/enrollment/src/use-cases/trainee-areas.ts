import { type AuthContext, hasRole } from '@peixun/shared';
import type { EnrollmentDependencies } from '../dependencies';
import type { Trainee } from '../domain/trainee';

/**
 * Which offices hold a trainee's record: the area of the institution that registered the person,
 * and the approving office of every class the person sits in (Art. 9 "谁审批、谁监管"). A
 * reviewer sees a person's data only when their area contains one of these; a person nobody
 * registered for a class yet is held by no office.
 */
export interface TraineeHolding {
  /** Approving area code per class the trainee is booked into. */
  readonly classAreas: ReadonlyMap<string, string>;
  /** Whether the caller, as a reviewer, covers one of the holding areas. */
  readonly reviewerHolds: boolean;
  /** Whether the caller's area contains a given area code. */
  readonly covers: (areaCode: string) => boolean;
}

export async function traineeHolding(deps: EnrollmentDependencies, trainee: Pick<Trainee, 'traineeId' | 'registeredBy'>, auth: AuthContext): Promise<TraineeHolding> {
  const { areaCode } = auth;
  if (!hasRole(auth, 'reviewer') || areaCode === undefined) return { classAreas: new Map(), reviewerHolds: false, covers: () => false };
  const divisions = (await deps.reference.currentDivisions()).table;
  const covers = (code: string): boolean => divisions.contains(areaCode, code);
  const schedule = (await deps.classes.schedules([trainee.traineeId])).get(trainee.traineeId);
  const classIds = Object.keys(schedule?.classes ?? {});
  const records = await Promise.all(classIds.map((classId) => deps.classes.find(classId)));
  const classAreas = new Map(records.flatMap((record) => (record === undefined ? [] : [[record.lifecycle.classId, record.lifecycle.approvingAreaCode] as const])));
  const institutionId = trainee.registeredBy.institutionId;
  const institutionArea = institutionId === undefined ? undefined : (await deps.institutions.find(institutionId))?.areaCode;
  const areas = [...classAreas.values(), ...(institutionArea === undefined ? [] : [institutionArea])];
  return { classAreas, reviewerHolds: areas.some(covers), covers };
}
