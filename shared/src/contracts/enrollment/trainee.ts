import { z } from 'zod';
import { chineseNameSchema, mobileNumberSchema, targetGroupSchema } from '../../validation/person';
import { residentIdSchema } from '../../validation/resident-id';

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
  registeredAt: z.iso.datetime({ offset: true }),
  registeredBy: z.object({ sub: z.string(), role: z.string(), institutionId: z.string().optional() }),
});
export type TraineeView = z.infer<typeof traineeViewSchema>;
