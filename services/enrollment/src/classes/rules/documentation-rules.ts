import { article } from '../../reference/articles';
import { defineRule, type Subject } from '../../reference/rules';
import { MATERIAL_KINDS, MATERIAL_LABELS } from '../class-application';
import type { ClassRuleCheck } from '../prepared-class';

export const DOCUMENTATION_RULES = {
  materials: defineRule(
    'MATERIALS_INCOMPLETE',
    article(23),
    '开班申请资料应包括培训开班申请表、培训个人申请表、学员身份资料、花名册、教学计划（方案）、师资证明、培训场地、设施设备等',
  ),
  recordingWaiver: defineRule(
    'RECORDING_WAIVER_NOT_ALLOWED',
    article(24),
    '补贴性培训实行全程录像（短平快培训、企业新型学徒制除外）；仅企业职工培训因保密等原因可改为提供印证资料',
  ),
} as const;

export const checkMaterials: ClassRuleCheck = ({ application }) => {
  const present = new Set(application.materials.map((material) => material.kind));
  const missing = MATERIAL_KINDS.filter((kind) => !present.has(kind));
  const subject: Subject[] = [{ kind: 'class', id: application.classId, label: application.name }];
  return missing.length === 0
    ? []
    : [DOCUMENTATION_RULES.materials.violation(`本班缺少${missing.map((kind) => MATERIAL_LABELS[kind]).join('、')}。`, subject, 'materials')];
};

export const checkRecordingWaiver: ClassRuleCheck = ({ application, type }) => {
  if (application.recordingWaiver === undefined || type.recordingWaiverAllowed) return [];
  const subject: Subject[] = [{ kind: 'class', id: application.classId, label: application.name }];
  return [DOCUMENTATION_RULES.recordingWaiver.violation(`${type.label}不得以保密为由免于全程录像。`, subject, 'recordingWaiver')];
};

/** Art. 24: whether attendance and recordings must expect a video of every session. */
export function recordingRequired(application: { recordingWaiver?: unknown }, type: { recordingRequired: boolean; recordingWaiverAllowed: boolean }): boolean {
  return type.recordingRequired && !(type.recordingWaiverAllowed && application.recordingWaiver !== undefined);
}
