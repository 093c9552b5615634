import * as z from 'zod';
import { defineRoute } from '../../http/route-contract';
import { certificateLevelSchema } from '../../validation/training';
import { subsidyKindSchema } from '../claims/payment-events';
import { paymentErrors } from './errors';

const tags = ['资金使用公示'] as const;

const monthSchema = z
  .string()
  .regex(/^20\d{2}-(0[1-9]|1[0-2])$/, { message: '月份格式应为 YYYY-MM，如 2026-12。' })
  .describe('公示月份（批次对账完成的月份，北京时间）');

const fundUseQuery = {
  areaCode: z.string().regex(/^\d{6}$/, { message: '地区代码应为6位数字。' }).describe('拨付地区（县级行政区划代码）'),
  month: monthSchema,
  subsidyKind: subsidyKindSchema.optional().describe('只看一类补贴'),
};

/** One payment the bank confirmed, as the public sees it: names and numbers masked. */
export const fundUseEntrySchema = z.object({
  paymentLineId: z.string(),
  subsidyKind: subsidyKindSchema,
  subsidyKindLabel: z.string(),
  payeeKind: z.enum(['INSTITUTION', 'TRAINEE']),
  /** An institution's name in full; a person's masked (张*三). */
  payeeName: z.string(),
  occupationName: z.string(),
  level: certificateLevelSchema,
  levelLabel: z.string(),
  /** First 6 and last 4 characters only. */
  certificateNumber: z.string(),
  amountFen: z.number().int().positive(),
  reconciledAt: z.iso.datetime({ offset: true }),
});
export type FundUseEntry = z.infer<typeof fundUseEntrySchema>;

const totalSchema = z.object({ subsidyKind: subsidyKindSchema, count: z.number().int().nonnegative(), sumFen: z.number().int().nonnegative() });

export const fundUseListSchema = z.object({
  areaCode: z.string(),
  month: z.string(),
  /** Kept by the database with every entry published or retracted, not summed from this page. */
  totals: z.array(totalSchema),
  entries: z.array(fundUseEntrySchema),
  nextCursor: z.string().optional(),
});
export type FundUseList = z.infer<typeof fundUseListSchema>;

export const listFundUseRoute = defineRoute({
  method: 'GET',
  path: '/public/fund-use',
  operationId: 'listFundUse',
  summary: '资金使用公示：某地区某月已拨付到账的补贴（无需登录；姓名、证书编号已脱敏）',
  tags,
  access: {},
  public: true,
  query: z.object({ ...fundUseQuery, cursor: z.string().max(200).optional().describe('上一页的 nextCursor') }),
  response: { status: 200, schema: fundUseListSchema },
  errors: paymentErrors(),
});

export const exportFundUseRoute = defineRoute({
  method: 'GET',
  path: '/public/fund-use/export',
  operationId: 'exportFundUse',
  summary: '下载资金使用公示（CSV，UTF-8 带 BOM，Excel 可直接打开）',
  tags,
  access: {},
  public: true,
  query: z.object(fundUseQuery),
  response: { status: 200, schema: z.string() },
  download: { mediaTypes: ['text/csv'], description: '资金使用公示名单：地区、月份、补贴类别、收款人、职业、等级、证书编号、金额（元）' },
  errors: paymentErrors('PAYMENT_FUND_USE_TOO_LARGE'),
});
