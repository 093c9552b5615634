import * as z from 'zod';

/**
 * Certificate levels of the national skill-level system (职业技能等级) plus the province's
 * special vocational ability (专项职业能力), which is not a level but a separate certificate.
 */
export const CERTIFICATE_LEVELS = ['SPECIAL_ABILITY', 'LEVEL_5', 'LEVEL_4', 'LEVEL_3', 'LEVEL_2', 'LEVEL_1'] as const;
export type CertificateLevel = (typeof CERTIFICATE_LEVELS)[number];
export const certificateLevelSchema = z.enum(CERTIFICATE_LEVELS, { message: '证书等级不在专项职业能力、五级至一级之列。' });

export const CERTIFICATE_LEVEL_LABELS: Record<CertificateLevel, string> = {
  SPECIAL_ABILITY: '专项职业能力',
  LEVEL_5: '五级/初级工',
  LEVEL_4: '四级/中级工',
  LEVEL_3: '三级/高级工',
  LEVEL_2: '二级/技师',
  LEVEL_1: '一级/高级技师',
};

/** Training types of the guideline (Art. 10–13, 18); the rules attached to each live in enrollment. */
export const TRAINING_TYPES = [
  'EMPLOYMENT_LONG_TERM',
  'EMPLOYMENT_SHORT',
  'ENTREPRENEURSHIP',
  'LABOUR_PREPARATION',
  'ENTERPRISE_PRE_JOB',
  'ENTERPRISE_SAFETY',
  'ENTERPRISE_ON_JOB',
  'ENTERPRISE_JOB_CHANGE',
  'APPRENTICESHIP',
] as const;
export type TrainingType = (typeof TRAINING_TYPES)[number];
export const trainingTypeSchema = z.enum(TRAINING_TYPES, { message: '培训类型不在《工作指引》所列类型之中。' });
