import { formatYuan } from '@peixun/shared';
import { article } from '../reference/articles';
import type { OccupationCatalogue } from '../reference/occupations';
import { defineRule, type Violation } from '../reference/rules';
import { TRAINING_TYPE_FACTS } from '../reference/training-types';
import { PROCUREMENT_METHOD_LABELS, type ProcurementMethod, type TrainingProject } from './training-project';

/** Art. 7: procurement of training projects applies from 2026 on. */
export const PROCUREMENT_FIRST_YEAR = 2026;
/** 2,000,000 and 500,000 CNY, in fen. */
export const PUBLIC_TENDER_THRESHOLD_FEN = 200_000_000;
export const COMPETITIVE_THRESHOLD_FEN = 50_000_000;

export const PROCUREMENT_RULES = {
  notApplicable: defineRule(
    'PROCUREMENT_NOT_APPLICABLE',
    article(7, 1),
    '短平快培训、企业岗前和安全技能培训、没有国家职业标准的新业态新职业培训、新型学徒制培训、证书直补不作为政府采购项目',
  ),
  required: defineRule('PROCUREMENT_REQUIRED', article(7, 1), '中长期就业技能培训、创业培训、劳动预备制培训及中长期方式的企业职工岗位技能培训自2026年起适用政府采购'),
  methodForAmount: defineRule(
    'PROCUREMENT_METHOD_NOT_ALLOWED_FOR_AMOUNT',
    article(7, 3),
    '200万元（含）以上必须公开招标；50万元（含）至200万元可公开招标、竞争性谈判或竞争性磋商；50万元以内可电子卖场采购或单位自行采购',
  ),
  singleSource: defineRule('SINGLE_SOURCE_REQUIRES_URGENCY', article(7, 3), '仅紧急培训任务经充分论证后方可采取单一来源方式采购'),
  eMall: defineRule('E_MALL_REQUIRED', article(7, 3), '财政明确要求有电子卖场（且有相关服务项目）的应优先采用电子卖场方式采购'),
  deadline: defineRule('PROCUREMENT_AFTER_DEADLINE', article(7), '每年1月底前完成政府采购事宜'),
} as const;

/** Methods the amount allows, before the urgency exception (Art. 7(3)). */
export function methodsForAmount(fundsFen: number): readonly ProcurementMethod[] {
  if (fundsFen >= PUBLIC_TENDER_THRESHOLD_FEN) return ['PUBLIC_TENDER'];
  if (fundsFen >= COMPETITIVE_THRESHOLD_FEN) return ['PUBLIC_TENDER', 'COMPETITIVE_NEGOTIATION', 'COMPETITIVE_CONSULTATION'];
  return ['E_MALL', 'SELF_PROCUREMENT'];
}

/** Art. 7(1): whether a project of this type and occupation is bought through procurement. */
export function isProcuredTraining(project: Pick<TrainingProject, 'trainingType' | 'occupationCode'>, catalogue: OccupationCatalogue): boolean {
  if (!TRAINING_TYPE_FACTS[project.trainingType].procured) return false;
  return catalogue.find(project.occupationCode)?.hasNationalStandard !== false;
}

/** A justification a reviewer can weigh, not a placeholder ("充分论证"). */
const MIN_JUSTIFICATION_LENGTH = 20;

export function validateProcurement(project: TrainingProject, catalogue: OccupationCatalogue): Violation[] {
  const subject = [{ kind: 'project' as const, id: project.projectId }];
  const typeLabel = TRAINING_TYPE_FACTS[project.trainingType].label;
  const procurement = project.procurement;
  if (project.caseByCase) {
    // 项目制培训 "一事一议": whether to procure is decided per project; only the method rules apply.
  } else if (!isProcuredTraining(project, catalogue)) {
    return procurement === undefined
      ? []
      : [PROCUREMENT_RULES.notApplicable.violation(`项目${project.projectId}（${typeLabel}）不应组织政府采购。`, subject, 'procurement')];
  } else if (procurement === undefined) {
    return project.year >= PROCUREMENT_FIRST_YEAR
      ? [PROCUREMENT_RULES.required.violation(`${project.year}年度项目${project.projectId}（${typeLabel}）未登记政府采购结果。`, subject, 'procurement')]
      : [];
  }
  if (procurement === undefined) return [];

  const violations: Violation[] = [];
  const amount = formatYuan(project.fundsFen);
  const method = PROCUREMENT_METHOD_LABELS[procurement.method];
  if (procurement.method === 'SINGLE_SOURCE') {
    if (!procurement.urgent || (procurement.justification?.length ?? 0) < MIN_JUSTIFICATION_LENGTH) {
      violations.push(
        PROCUREMENT_RULES.singleSource.violation(
          `项目${project.projectId}采用单一来源方式，但未标明紧急培训任务或未附充分论证（不少于${MIN_JUSTIFICATION_LENGTH}字）。`,
          subject,
          'procurement.justification',
        ),
      );
    }
  } else if (!methodsForAmount(project.fundsFen).includes(procurement.method)) {
    const allowed = methodsForAmount(project.fundsFen).map((m) => PROCUREMENT_METHOD_LABELS[m]).join('、');
    violations.push(
      PROCUREMENT_RULES.methodForAmount.violation(`项目${project.projectId}金额${amount}，应采用${allowed}，实际为${method}。`, subject, 'procurement.method'),
    );
  } else if (procurement.eMallRequired && procurement.method === 'SELF_PROCUREMENT') {
    violations.push(PROCUREMENT_RULES.eMall.violation(`项目${project.projectId}金额${amount}，财政要求电子卖场采购，实际为${method}。`, subject, 'procurement.method'));
  }
  const deadline = `${project.year}-01-31`;
  // Urgent tasks arise during the year, so the January deadline cannot bind them.
  if (project.year >= PROCUREMENT_FIRST_YEAR && !procurement.urgent && procurement.completedOn > deadline) {
    violations.push(
      PROCUREMENT_RULES.deadline.violation(`项目${project.projectId}的采购于${procurement.completedOn}完成，晚于${deadline}。`, subject, 'procurement.completedOn'),
    );
  }
  return violations;
}
