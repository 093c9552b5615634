import type { Division, DivisionTable } from '../reference/divisions';
import type { Limits } from '../reference/limits';
import type { TrainingType } from '../reference/training-types';
import type { TrainingProject } from './training-project';

/**
 * Which HRSS office approves a class — and therefore supervises it and answers for it
 * ("谁审批、谁监管、谁负责", Art. 9, 31). A class under a procured project belongs to the office
 * that procured the project; otherwise to the county of the training site, unless the
 * configuration moves a training type up to the city.
 */
export function approvingOffice(
  args: { siteAreaCode: string; trainingType: TrainingType; project: TrainingProject | undefined },
  divisions: DivisionTable,
  limits: Limits,
): Division | undefined {
  if (args.project !== undefined) return divisions.find(args.project.areaCode);
  const county = divisions.find(args.siteAreaCode);
  if (county === undefined) return undefined;
  return limits.approvalLevel(args.trainingType) === 'CITY' ? divisions.cityOf(county.code) : county;
}
