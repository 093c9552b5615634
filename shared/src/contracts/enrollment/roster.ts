import * as z from 'zod';
import { defineRoute } from '../../http/route-contract';
import { enrollmentErrors } from './errors';
import { classIdSchema } from './classes';

/**
 * Roster import (花名册, Art. 23, 27): the request body is the file itself, CSV (UTF-8 or
 * GB18030) or XLSX, sent as `application/octet-stream` or the XLSX media type so the gateway
 * passes it base64-encoded and untouched; at most 4.5 MB, which stays under Lambda's 6 MB
 * payload once base64-encoded.
 */
export const rosterIssueSchema = z.object({
  row: z.number().int().nonnegative(),
  column: z.string(),
  code: z.string(),
  message: z.string(),
});

export const rosterImportReportSchema = z.object({
  /** Present when rows were stored. */
  importId: z.string().optional(),
  mode: z.enum(['all-or-nothing', 'valid-rows']),
  outcome: z.enum(['IMPORTED', 'PARTIALLY_IMPORTED', 'REJECTED']),
  totalRows: z.number().int().nonnegative(),
  importedRows: z.number().int().nonnegative(),
  invalidRows: z.number().int().nonnegative(),
  issues: z.array(rosterIssueSchema),
  issuesTruncated: z.boolean(),
});
export type RosterImportReportView = z.infer<typeof rosterImportReportSchema>;

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const importRosterRoute = defineRoute({
  method: 'POST',
  path: '/classes/{classId}/roster',
  operationId: 'importRoster',
  idempotent: true,
  summary: '导入花名册（CSV 或 XLSX），返回逐行检查结果',
  tags: ['开班申请'],
  access: { institution: 'own-institution' },
  params: z.object({ classId: classIdSchema }),
  query: z.object({
    mode: z
      .enum(['all-or-nothing', 'valid-rows'])
      .default('all-or-nothing')
      .describe('all-or-nothing：任一行有误则不导入；valid-rows：导入正确的行，报告其余各行'),
  }),
  response: { status: 200, schema: rosterImportReportSchema },
  upload: {
    mediaTypes: [XLSX_MEDIA_TYPE, 'text/csv', 'application/octet-stream'],
    description:
      '花名册文件本身（不是 JSON）：XLSX 的第一个工作表，或 UTF-8/GB18030 编码的 CSV，最大 4.5 MB。表头行至少含“姓名”“身份证号码”，' +
      '必填列：姓名、身份证号码、手机号码、人员类别；可选列：职业（工种）代码、报考等级、是否农村劳动者、劳动合同期限（月）、个人申请表编号。' +
      '模板见 GET /reference/roster-template。',
  },
  errors: enrollmentErrors(
    'ROSTER_FILE_MISSING',
    'ROSTER_FILE_TOO_LARGE',
    'ROSTER_FILE_UNREADABLE',
    'ROSTER_ENCODING_INVALID',
    'CLASS_LOCKED_USE_CHANGE_REQUEST',
    'NOT_CLASS_INSTITUTION',
    'FORBIDDEN',
    'NOT_FOUND',
  ),
});

/** The roster template (花名册模板): the exact headers, a sample row and the accepted 人员类别 labels. */
export const getRosterTemplateRoute = defineRoute({
  method: 'GET',
  path: '/reference/roster-template',
  operationId: 'getRosterTemplate',
  summary: '下载花名册模板（CSV 或 XLSX）',
  tags: ['开班申请'],
  access: { institution: 'any', reviewer: 'any', admin: 'any' },
  query: z.object({ format: z.enum(['csv', 'xlsx']).default('csv').describe('csv：UTF-8（带 BOM，Excel 可直接打开）；xlsx：含“人员类别”说明工作表') }),
  response: { status: 200, schema: z.string() },
  download: { mediaTypes: ['text/csv', XLSX_MEDIA_TYPE], description: '花名册模板文件：表头、一行示例和可填写的人员类别' },
});
