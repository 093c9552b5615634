import { DOCUMENT_KIND_LABELS, type DocumentKind } from '@peixun/shared';
import { article } from '../../reference/articles';
import { defineRule, type Subject, type Violation } from '../../reference/rules';
import { type ClassApplication, MATERIAL_KINDS, MATERIAL_LABELS } from '../class-application';
import type { ClassRuleCheck } from '../prepared-class';
import type { ClassValidationContext } from '../validation-context';

export const DOCUMENTATION_RULES = {
  materials: defineRule(
    'MATERIALS_INCOMPLETE',
    article(23),
    '开班申请资料应包括培训开班申请表、培训个人申请表、学员身份资料、花名册、教学计划（方案）、师资证明、培训场地、设施设备等',
  ),
  document: defineRule(
    'DOCUMENT_NOT_USABLE',
    article(23),
    '开班申请资料须由本机构上传，且通过大小、格式和病毒检查后方可作为申请材料',
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

/**
 * Why a named document cannot stand as this material, or undefined when it can. A document of
 * another institution is answered like one that does not exist: the school learns nothing of it.
 */
function documentProblem(documentId: string, kind: DocumentKind, application: ClassApplication, { documents }: ClassValidationContext): string | undefined {
  const document = documents.get(documentId);
  const wanted = DOCUMENT_KIND_LABELS[kind];
  if (document === undefined || document.institutionId !== application.institutionId) return `文件${documentId}不是本机构上传的文件，请先上传${wanted}。`;
  if (document.kind !== kind) return `文件${documentId}是${DOCUMENT_KIND_LABELS[document.kind]}，不能作为${wanted}。`;
  if (document.status === 'PENDING') return `文件${documentId}（${wanted}）尚未完成上传检查。`;
  if (document.status === 'REJECTED') return `文件${documentId}（${wanted}）未通过上传检查，请重新上传。`;
  return undefined;
}

/** Art. 23: each material and each trainee's application form is a document the school uploaded and that passed its check. */
export const checkDocuments: ClassRuleCheck = ({ application }, context) => {
  const classSubject: Subject = { kind: 'class', id: application.classId, label: application.name };
  const violations: Violation[] = [];
  application.materials.forEach((material, index) => {
    const problem = documentProblem(material.documentId, material.kind, application, context);
    if (problem !== undefined) {
      violations.push(DOCUMENTATION_RULES.document.violation(problem, [classSubject, { kind: 'document', id: material.documentId }], `materials[${index}].documentId`));
    }
  });
  application.roster.forEach((entry, index) => {
    if (entry.applicationFormId === undefined) return; // a missing form is its own rule (TRAINEE_APPLICATION_FORM_MISSING)
    const problem = documentProblem(entry.applicationFormId, 'TRAINEE_APPLICATION_FORM', application, context);
    if (problem !== undefined) {
      violations.push(
        DOCUMENTATION_RULES.document.violation(`花名册第${index + 1}行：${problem}`, [{ kind: 'trainee', id: entry.traineeId }, { kind: 'document', id: entry.applicationFormId }], `roster[${index}].applicationFormId`),
      );
    }
  });
  return violations;
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
