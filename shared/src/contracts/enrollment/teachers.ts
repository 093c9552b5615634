import * as z from 'zod';
import { defineRoute } from '../../http/route-contract';
import { chineseNameSchema } from '../../validation/person';
import { calendarDateSchema } from '../../validation/bounds';
import { residentIdSchema } from '../../validation/resident-id';
import { enrollmentErrors } from './errors';
import { institutionIdSchema } from './institutions';

/** The city teacher registry (师资库, Art. 33): one registration lasts a year from its approval. */

const isoDate = z.iso.date({ message: '日期格式应为 YYYY-MM-DD。' });
export const teacherIdSchema = z.string().regex(/^tch_[0-9a-z]{26}$/, { message: '教师编号格式不正确。' });

export const registerTeacherBodySchema = z
  .object({
    idNumber: residentIdSchema.describe('教师居民身份证号码，只用于查重，不以明文保存'),
    name: chineseNameSchema,
    institutionIds: z.array(institutionIdSchema).max(20),
    qualification: z.object({
      certificateNumber: z.string().trim().min(1).max(64),
      description: z.string().trim().min(1).max(100).describe('如 职业技能等级证书（二级/技师）、教师资格证'),
    }),
    /** The city registry's approval; valid until the day before its first anniversary. */
    registration: z.object({ cityCode: z.string().regex(/^\d{4}00$/, { message: '师资库须为市（州）级区划代码。' }), approvedOn: calendarDateSchema }),
  })
  .strict();
export type RegisterTeacherBody = z.infer<typeof registerTeacherBodySchema>;

export const teacherViewSchema = z.object({
  teacherId: z.string(),
  name: z.string(),
  idNumberMasked: z.string(),
  institutionIds: z.array(z.string()),
  qualification: registerTeacherBodySchema.shape.qualification,
  registrations: z.array(
    z.object({ cityCode: z.string(), approvedOn: isoDate, approvedBy: z.string(), validUntil: isoDate, revokedOn: isoDate.optional() }),
  ),
});
export type TeacherView = z.infer<typeof teacherViewSchema>;

export const registerTeacherRoute = defineRoute({
  method: 'POST',
  path: '/teachers',
  operationId: 'registerTeacher',
  idempotent: true,
  summary: '师资库登记教师',
  tags: ['师资库'],
  access: { reviewer: 'area', admin: 'any' },
  body: registerTeacherBodySchema,
  response: { status: 201, schema: teacherViewSchema },
  errors: enrollmentErrors('VALIDATION_FAILED', 'TEACHER_ALREADY_REGISTERED', 'TEACHER_REGISTRY_OUTSIDE_AREA', 'FORBIDDEN'),
});

export const getTeacherRoute = defineRoute({
  method: 'GET',
  path: '/teachers/{teacherId}',
  operationId: 'getTeacher',
  summary: '查看师资库教师',
  tags: ['师资库'],
  access: { institution: 'own-institution', reviewer: 'area', admin: 'any' },
  params: z.object({ teacherId: teacherIdSchema }),
  response: { status: 200, schema: teacherViewSchema },
  errors: enrollmentErrors('NOT_FOUND', 'FORBIDDEN'),
});

export const renewTeacherRoute = defineRoute({
  method: 'POST',
  path: '/teachers/{teacherId}/registrations',
  operationId: 'renewTeacherRegistration',
  idempotent: true,
  summary: '师资库年度更新（新增一年期登记）',
  tags: ['师资库'],
  access: { reviewer: 'area', admin: 'any' },
  params: z.object({ teacherId: teacherIdSchema }),
  body: registerTeacherBodySchema.shape.registration.strict(),
  response: { status: 201, schema: teacherViewSchema },
  errors: enrollmentErrors('VALIDATION_FAILED', 'TEACHER_REGISTRY_OUTSIDE_AREA', 'NOT_FOUND', 'FORBIDDEN'),
});
