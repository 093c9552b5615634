import { type AuthContext, Forbidden, hasRole, newId } from '@peixun/shared';
import type { DivisionTable } from '../reference/divisions';
import type { OccupationCatalogue } from '../reference/occupations';
import { RulesViolated } from '../reference/rules';
import { validateProcurement } from './procurement';
import { type TrainingProject, trainingProjectSchema } from './training-project';

export class ProjectProcurementInvalid extends RulesViolated {
  constructor(violations: ConstructorParameters<typeof RulesViolated>[2]) {
    super('PROJECT_PROCUREMENT_INVALID', '培训项目的采购方式不符合规定', violations);
  }
}

/** "谁审批、谁监管": an office publishes projects for its own area (a city office also for its counties). */
export function assertMayPublishFor(areaCode: string, auth: AuthContext, divisions: DivisionTable): void {
  if (hasRole(auth, 'admin')) return;
  if (hasRole(auth, 'reviewer') && auth.areaCode !== undefined && divisions.contains(auth.areaCode, areaCode)) return;
  throw new Forbidden('审核人员只能发布本部门辖区内的培训项目和岗位需求。');
}

/** A yearly project whose procurement matches its amount and type (Art. 7), or every reason it does not. */
export function publishTrainingProject(body: Omit<TrainingProject, 'projectId'>, auth: AuthContext, divisions: DivisionTable, catalogue: OccupationCatalogue): TrainingProject {
  assertMayPublishFor(body.areaCode, auth, divisions);
  const project = trainingProjectSchema.parse({ ...body, projectId: newId('prj') });
  const violations = validateProcurement(project, catalogue);
  if (violations.length > 0) throw new ProjectProcurementInvalid(violations);
  return project;
}
