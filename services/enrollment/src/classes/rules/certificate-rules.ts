import { article } from '../../reference/articles';
import { CERTIFICATE_LEVEL_LABELS } from '../../reference/certificate-levels';
import type { Occupation } from '../../reference/occupations';
import { defineRule, type Subject, type Violation } from '../../reference/rules';
import type { TrainingMode } from '../../reference/training-types';
import { type CertificateTarget, MUTUAL_RECOGNITION_PROGRAMMES } from '../class-application';
import type { ClassRuleCheck } from '../prepared-class';
import { traineeLabel } from '../validation-context';

export const CERTIFICATE_RULES = {
  notInCatalogue: defineRule('OCCUPATION_NOT_IN_CATALOGUE', article(6), '补贴性培训的职业（工种）须列入本地区职业培训项目目录'),
  notOfferedForType: defineRule('OCCUPATION_NOT_OFFERED_FOR_TYPE', article(6), '目录项目须以其所列培训方式（中长期、短平快或创业培训）开班'),
  levelRequired: defineRule('CERTIFICATE_LEVEL_REQUIRED', article(18, 1), '中长期培训“按证补贴”，开班须明确培训的证书等级'),
  levelNotOffered: defineRule('CERTIFICATE_LEVEL_NOT_IN_CATALOGUE', article(6), '培训等级须为目录中该职业（工种）所列等级'),
  mixed: defineRule(
    'CERTIFICATE_MIX_SPECIAL_AND_LEVEL_5',
    article(18, 1),
    '一个班次不得同时申请审批专项职业能力和职业技能等级初级工培训（“粤菜师傅”“南粤家政”互融互通培训项目除外）',
  ),
  traineeCertificateRequired: defineRule('ROSTER_CERTIFICATE_REQUIRED', article(18, 1), '“分级设班”，班次含多个证书时须写明每名学员报考的证书'),
  traineeCertificateNotInClass: defineRule('ROSTER_CERTIFICATE_NOT_IN_CLASS', article(18, 1), '学员报考的证书须为本班申请的证书之一'),
} as const;

const sameCertificate = (a: CertificateTarget, b: CertificateTarget): boolean => a.occupationCode === b.occupationCode && a.level === b.level;

export function certificateLabel(target: CertificateTarget, occupation: Occupation | undefined): string {
  return `${occupation?.name ?? target.occupationCode}${CERTIFICATE_LEVEL_LABELS[target.level]}`;
}

/** Which catalogue offering a training mode draws its subsidy standard from (Art. 6, 18). */
function offersMode(occupation: Occupation, mode: TrainingMode): boolean {
  switch (mode) {
    case 'SHORT':
      return occupation.shortCourse !== undefined;
    case 'ENTREPRENEURSHIP':
      return occupation.kind === 'ENTREPRENEURSHIP';
    case 'LONG_TERM':
    case 'APPRENTICESHIP':
      return occupation.levels.length > 0;
  }
}

export const checkCatalogue: ClassRuleCheck = ({ application, occupation, type }, { catalogue }) => {
  const subject: Subject[] = [{ kind: 'occupation', id: application.occupationCode }];
  if (occupation === undefined) {
    return [
      CERTIFICATE_RULES.notInCatalogue.violation(
        `职业（工种）代码${application.occupationCode}不在目录（${catalogue.version}）中。`,
        subject,
        'occupationCode',
      ),
    ];
  }
  return offersMode(occupation, type.mode)
    ? []
    : [CERTIFICATE_RULES.notOfferedForType.violation(`目录未将“${occupation.name}”列为${type.label}项目。`, subject, 'occupationCode')];
};

export const checkCertificates: ClassRuleCheck = ({ application, type }, { catalogue }) => {
  const violations: Violation[] = [];
  const classSubject: Subject[] = [{ kind: 'class', id: application.classId, label: application.name }];
  const { certificates } = application;
  if (type.certificateRequired && certificates.length === 0) {
    violations.push(CERTIFICATE_RULES.levelRequired.violation(`${type.label}班次“${application.name}”未填写证书等级。`, classSubject, 'certificates'));
  }
  certificates.forEach((target, index) => {
    const occupation = catalogue.find(target.occupationCode);
    if (occupation === undefined) {
      violations.push(
        CERTIFICATE_RULES.notInCatalogue.violation(`证书所属职业代码${target.occupationCode}不在目录中。`, [{ kind: 'occupation', id: target.occupationCode }], `certificates[${index}]`),
      );
    } else if (catalogue.offering(target.occupationCode, target.level) === undefined) {
      violations.push(
        CERTIFICATE_RULES.levelNotOffered.violation(
          `目录中“${occupation.name}”未列${CERTIFICATE_LEVEL_LABELS[target.level]}。`,
          [{ kind: 'occupation', id: target.occupationCode }],
          `certificates[${index}].level`,
        ),
      );
    }
  });
  const levels = new Set(certificates.map((target) => target.level));
  if (levels.has('SPECIAL_ABILITY') && levels.has('LEVEL_5') && application.mutualRecognitionProgramme === undefined) {
    const names = certificates
      .filter((target) => target.level === 'SPECIAL_ABILITY' || target.level === 'LEVEL_5')
      .map((target) => certificateLabel(target, catalogue.find(target.occupationCode)))
      .join('、');
    violations.push(CERTIFICATE_RULES.mixed.violation(`本班同时申请了${names}。`, classSubject, 'certificates'));
  }
  return violations;
};

export const checkTraineeCertificates: ClassRuleCheck = ({ application }, { trainees, catalogue }) => {
  const { certificates } = application;
  if (certificates.length === 0) return [];
  const offered = certificates.map((target) => certificateLabel(target, catalogue.find(target.occupationCode))).join('、');
  const programme = application.mutualRecognitionProgramme;
  const programmeNote = programme === undefined ? '' : `（${MUTUAL_RECOGNITION_PROGRAMMES[programme]}项目）`;
  return application.roster.flatMap((entry, index) => {
    const trainee = trainees.get(entry.traineeId);
    const who = trainee ? traineeLabel(trainee) : entry.traineeId;
    const subject: Subject[] = [{ kind: 'trainee', id: entry.traineeId, label: who }];
    if (entry.certificate === undefined) {
      return certificates.length > 1
        ? [CERTIFICATE_RULES.traineeCertificateRequired.violation(`学员${who}未写明报考${offered}中的哪一个${programmeNote}。`, subject, `roster[${index}].certificate`)]
        : [];
    }
    const chosen = entry.certificate;
    return certificates.some((target) => sameCertificate(target, chosen))
      ? []
      : [
          CERTIFICATE_RULES.traineeCertificateNotInClass.violation(
            `学员${who}报考${certificateLabel(chosen, catalogue.find(chosen.occupationCode))}，本班申请的是${offered}。`,
            subject,
            `roster[${index}].certificate`,
          ),
        ];
  });
};
