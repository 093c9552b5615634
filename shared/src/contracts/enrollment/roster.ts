import { z } from 'zod';
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

export const importRosterRoute = defineRoute({
  method: 'POST',
  path: '/classes/{classId}/roster',
  operationId: 'importRoster',
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
