import * as z from 'zod';
import { chineseNameSchema, mobileNumberSchema, targetGroupSchema } from '../../validation/person';
import { residentIdSchema } from '../../validation/resident-id';
import { photoBase64Schema } from '../attendance/photo';

export const traineeIdSchema = z.string().regex(/^trn_[0-9a-z]{26}$/, { message: '学员编号格式不正确。' });

export const registerTraineeBodySchema = z
  .object({
    idNumber: residentIdSchema.describe('居民身份证号码（GB 11643，18位，末位X须大写）'),
    name: chineseNameSchema.describe('与身份证一致的姓名'),
    phone: mobileNumberSchema.describe('本人手机号码'),
    targetGroups: z
      .array(targetGroupSchema)
      .min(1, { message: '请至少选择一个人员类别。' })
      .max(13)
      .describe('《工作指引》第十五条所列人员类别'),
    biometricConsent: z
      .object({
        agreed: z.literal(true, { message: '采集人脸信息前须取得本人单独同意（《个人信息保护法》第二十八、二十九条）。' }),
        agreedAt: z.iso.datetime({ offset: true, message: '同意时间须为带时区的 ISO-8601 时间。' }),
        noticeVersion: z.string().min(1).max(40).describe('告知书版本'),
      })
      .describe('本人对人脸识别处理的单独同意'),
    facePhoto: photoBase64Schema
      .optional()
      .describe('本人实时照片（Base64 JPEG/PNG），学员本人登记时与身份证照片比对（实名核验）；机构代为登记时不需要'),
  })
  .strict();
export type RegisterTraineeBody = z.infer<typeof registerTraineeBodySchema>;

/**
 * A signed-in trainee claims the record a school registered for them. All three must match the
 * record exactly; the ID number finds it (by fingerprint), name and phone prove it is theirs.
 */
export const linkTraineeAccountBodySchema = z
  .object({
    idNumber: residentIdSchema.describe('本人居民身份证号码'),
    name: chineseNameSchema.describe('与身份证一致的姓名'),
    phone: mobileNumberSchema.describe('登记时留存的本人手机号码'),
  })
  .strict();
export type LinkTraineeAccountBody = z.infer<typeof linkTraineeAccountBodySchema>;

/**
 * Real-name verification (实名核验) of a record by the provincial authority:
 * - `VERIFIED`: the authority confirmed ID number and name (and, for a person registering
 *   themself, their face against the ID photo);
 * - `UNVERIFIED`: not yet confirmed (the authority was unavailable, or a self-registration was
 *   not proven by a face); it can be checked again and never blocks a verified registration;
 * - `FROZEN`: a verified registration of the same ID number took the number over; the record is
 *   kept for the reviewers (an identity anomaly) and can no longer be used.
 */
export const VERIFICATION_STATUSES = ['VERIFIED', 'UNVERIFIED', 'FROZEN'] as const;
export const verificationStatusSchema = z.enum(VERIFICATION_STATUSES);
export type VerificationStatus = z.infer<typeof verificationStatusSchema>;

/** Checks a record again (after the authority was unavailable, or with the person's face). */
export const verifyTraineeBodySchema = z
  .object({
    facePhoto: photoBase64Schema.optional().describe('本人实时照片（Base64），学员本人核验时与身份证照片比对'),
  })
  .strict();
export type VerifyTraineeBody = z.infer<typeof verifyTraineeBodySchema>;

const actorSchema = z.object({ sub: z.string(), role: z.string() });

export const traineeViewSchema = z.object({
  traineeId: traineeIdSchema,
  name: z.string(),
  /** Masked (`522***********123X`) unless the caller needs the full number. */
  idNumber: z.string(),
  idNumberMasked: z.boolean(),
  sex: z.enum(['male', 'female']),
  birthDate: z.iso.date(),
  phone: z.string(),
  targetGroups: z.array(targetGroupSchema),
  biometricConsentAt: z.iso.datetime({ offset: true }),
  /** `WITHDRAWN` once the person withdrew their separate consent to face processing; never given back by the system. */
  biometricConsentStatus: z.enum(['GIVEN', 'WITHDRAWN']),
  biometricConsentWithdrawnAt: z.iso.datetime({ offset: true }).optional(),
  biometricConsentWithdrawnBy: actorSchema.optional(),
  /** Whether a trainee login is linked to the record (self-registration or a claim). */
  accountLinked: z.boolean(),
  verificationStatus: verificationStatusSchema,
  verifiedAt: z.iso.datetime({ offset: true }).optional(),
  frozenAt: z.iso.datetime({ offset: true }).optional(),
  registeredAt: z.iso.datetime({ offset: true }),
  registeredBy: z.object({ sub: z.string(), role: z.string(), institutionId: z.string().optional() }),
});
export type TraineeView = z.infer<typeof traineeViewSchema>;

/**
 * An identity anomaly for the reviewers of an area: a record frozen because a verified
 * registration took its ID number over (someone registered a person who was not themself).
 */
export const identityAnomalySchema = z.object({
  anomalyId: z.string(),
  kind: z.literal('IDENTITY_TAKEN_OVER'),
  areaCode: z.string(),
  /** The record that was frozen. */
  frozenTraineeId: traineeIdSchema,
  /** The verified record that now holds the ID number. */
  verifiedTraineeId: traineeIdSchema,
  idNumberMasked: z.string(),
  name: z.string(),
  /** Who registered the frozen record. */
  frozenRegisteredBy: actorSchema.extend({ institutionId: z.string().optional() }),
  detectedAt: z.iso.datetime({ offset: true }),
});
export type IdentityAnomaly = z.infer<typeof identityAnomalySchema>;
