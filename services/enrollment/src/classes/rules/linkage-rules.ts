import { article } from '../../reference/articles';
import { defineRule, type Subject, type Violation } from '../../reference/rules';
import { TRAINING_TYPE_FACTS } from '../../reference/training-types';
import type { ClassRuleCheck } from '../prepared-class';
import { isProcuredTraining, PROCUREMENT_FIRST_YEAR } from '../procurement';

export const LINKAGE_RULES = {
  jobDemandRequired: defineRule('JOB_DEMAND_LINK_REQUIRED', article(9), '以中长期就业技能培训等促进就业为目的的培训开班申请须严格执行“以岗定训”（第二十三条“以岗定培”）'),
  jobDemandNotFound: defineRule('JOB_DEMAND_NOT_FOUND', article(4), '“以岗定训”所依据的岗位须在岗位清单中'),
  jobDemandOccupation: defineRule('JOB_DEMAND_OCCUPATION_MISMATCH', article(9), '“以岗定训”的岗位须与培训职业（工种）一致'),
  jobDemandExpired: defineRule('JOB_DEMAND_EXPIRED', article(4), '岗位需求须在岗位有效期内'),
  projectRequired: defineRule('PROJECT_REQUIRED', article(7), '2026年起，适用政府采购的培训须在本年职业培训项目内、由采购确定的培训机构开班'),
  projectNotFound: defineRule('PROJECT_NOT_FOUND', article(7), '开班所依据的职业培训项目须已发布'),
  projectNotAwarded: defineRule('PROJECT_NOT_AWARDED_TO_INSTITUTION', article(26), '培训项目须由采购确定的培训机构实施，不得转包、分包给其他机构'),
  projectMismatch: defineRule('PROJECT_MISMATCH', article(7), '班次的培训类型、职业（工种）和年度须与所依据的培训项目一致'),
} as const;

export const checkJobDemand: ClassRuleCheck = ({ application, type, firstDate }, { jobDemands, catalogue }) => {
  const classSubject: Subject[] = [{ kind: 'class', id: application.classId, label: application.name }];
  if (application.jobDemandId === undefined) {
    return type.jobDemandRequired
      ? [LINKAGE_RULES.jobDemandRequired.violation(`${type.label}班次“${application.name}”未关联岗位清单中的岗位需求。`, classSubject, 'jobDemandId')]
      : [];
  }
  const demand = jobDemands.get(application.jobDemandId);
  const subject: Subject[] = [{ kind: 'jobDemand', id: application.jobDemandId }];
  if (demand === undefined) {
    return [LINKAGE_RULES.jobDemandNotFound.violation(`岗位需求${application.jobDemandId}不在岗位清单中。`, subject, 'jobDemandId')];
  }
  const violations: Violation[] = [];
  const trained = new Set([application.occupationCode, ...application.certificates.map((target) => target.occupationCode)]);
  if (!trained.has(demand.occupationCode)) {
    const wanted = catalogue.find(demand.occupationCode)?.name ?? demand.occupationCode;
    violations.push(LINKAGE_RULES.jobDemandOccupation.violation(`${demand.employerName}的岗位需求为“${wanted}”，与本班培训职业不一致。`, subject, 'jobDemandId'));
  }
  if (demand.validUntil < firstDate) {
    violations.push(LINKAGE_RULES.jobDemandExpired.violation(`${demand.employerName}的岗位需求有效期至${demand.validUntil}，早于开班日${firstDate}。`, subject, 'jobDemandId'));
  }
  return violations;
};

export const checkProject: ClassRuleCheck = ({ application, firstDate }, { projects, catalogue, institution }) => {
  const year = Number(firstDate.slice(0, 4));
  const required = year >= PROCUREMENT_FIRST_YEAR && isProcuredTraining(application, catalogue);
  const typeLabel = TRAINING_TYPE_FACTS[application.trainingType].label;
  if (application.projectId === undefined) {
    return required
      ? [
          LINKAGE_RULES.projectRequired.violation(
            `${year}年的${typeLabel}班次“${application.name}”未关联职业培训项目。`,
            [{ kind: 'class', id: application.classId, label: application.name }],
            'projectId',
          ),
        ]
      : [];
  }
  const project = projects.get(application.projectId);
  const subject: Subject[] = [{ kind: 'project', id: application.projectId }];
  if (project === undefined) return [LINKAGE_RULES.projectNotFound.violation(`项目${application.projectId}不存在。`, subject, 'projectId')];
  const violations: Violation[] = [];
  const awarded = project.procurement?.awardedInstitutionIds;
  if (awarded !== undefined && !awarded.includes(institution.institutionId)) {
    violations.push(LINKAGE_RULES.projectNotAwarded.violation(`项目${project.projectId}未授予“${institution.name}”。`, subject, 'projectId'));
  }
  const mismatches = [
    project.trainingType !== application.trainingType ? `培训类型（项目为${TRAINING_TYPE_FACTS[project.trainingType].label}）` : '',
    project.occupationCode !== application.occupationCode ? `职业（工种）（项目为${project.occupationCode}）` : '',
    project.year !== year ? `年度（项目为${project.year}年）` : '',
  ].filter(Boolean);
  if (mismatches.length > 0) {
    violations.push(LINKAGE_RULES.projectMismatch.violation(`本班与项目${project.projectId}的${mismatches.join('、')}不一致。`, subject, 'projectId'));
  }
  return violations;
};
