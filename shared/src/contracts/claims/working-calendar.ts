import * as z from 'zod';
import { defineRoute } from '../../http/route-contract';
import { claimErrors } from './errors';

/**
 * The working-day calendar the public disclosure period (公示, Art. 29/32: five working days in
 * practice) is counted on: China's official calendar, one year at a time, as the State Council's
 * holiday notice (国务院办公厅关于某年部分节假日安排的通知) fixes it — the days off of each holiday
 * and the weekend days made working days (调休上班). An admin publishes a year once its notice is
 * out; each version is written once. Years the bundled `chinese-days` data covers are in force
 * without a publication.
 */
const isoDate = z.iso.date({ message: '日期格式应为 YYYY-MM-DD。' });

const calendarDaySchema = z.object({
  date: isoDate,
  /** The holiday the day belongs to, e.g. 元旦、春节、国庆节. */
  name: z.string().trim().min(1).max(20),
});

export const workingCalendarParamsSchema = z.object({
  year: z.coerce.number().int().min(2000, { message: '年份须在 2000–2100 之间。' }).max(2100, { message: '年份须在 2000–2100 之间。' }),
});

export const publishWorkingCalendarBodySchema = z
  .object({
    /** The notice's number or any label that names this version, e.g. 国办发明电〔2026〕12号. */
    version: z.string().trim().min(1).max(60),
    /** Where the dates come from (the notice's title or address). */
    source: z.string().trim().min(1).max(300).optional(),
    /** Every day off of the year's holidays, weekends inside a holiday included. */
    holidays: z.array(calendarDaySchema).max(60),
    /** Weekend days made working days (调休上班). */
    workingDays: z.array(calendarDaySchema).max(20),
  })
  .strict();
export type PublishWorkingCalendarBody = z.infer<typeof publishWorkingCalendarBodySchema>;

export const workingCalendarViewSchema = publishWorkingCalendarBodySchema.extend({
  year: z.number().int(),
  /** BUNDLED: the `chinese-days` data shipped with the service; PUBLISHED: an admin's publication. */
  origin: z.enum(['BUNDLED', 'PUBLISHED']),
  publishedAt: z.iso.datetime({ offset: true }).optional(),
  publishedBy: z.string().optional(),
  /** Open disclosures whose period was counted again on this calendar by this publication. */
  disclosuresRederived: z.number().int().nonnegative().optional(),
});
export type WorkingCalendarView = z.infer<typeof workingCalendarViewSchema>;

/** Which calendar counted a disclosure's working days in one year it spans. */
export const disclosureCalendarBasisSchema = z.object({
  year: z.number().int(),
  /** WEEKDAYS: no calendar of the year was published yet, Monday to Friday counted as working days. */
  basis: z.enum(['BUNDLED', 'PUBLISHED', 'WEEKDAYS']),
  version: z.string().optional(),
});

const tags = ['公示'] as const;

export const getWorkingCalendarRoute = defineRoute({
  method: 'GET',
  path: '/reference/working-calendar/{year}',
  operationId: 'getWorkingCalendar',
  summary: '查看某年的工作日历（法定节假日和调休上班日，公示期按此计算；无需登录）',
  tags,
  access: {},
  public: true,
  params: workingCalendarParamsSchema,
  response: { status: 200, schema: workingCalendarViewSchema },
  errors: claimErrors('WORKING_CALENDAR_NOT_PUBLISHED'),
});

export const publishWorkingCalendarRoute = defineRoute({
  method: 'PUT',
  path: '/reference/working-calendar/{year}',
  operationId: 'publishWorkingCalendar',
  idempotent: true,
  summary: '发布某年的工作日历（国务院办公厅节假日安排通知）；公示中的期限按新日历重新计算',
  tags,
  access: { admin: 'any' },
  params: workingCalendarParamsSchema,
  body: publishWorkingCalendarBodySchema,
  response: { status: 200, schema: workingCalendarViewSchema },
  errors: claimErrors('VALIDATION_FAILED', 'WORKING_CALENDAR_INVALID', 'WORKING_CALENDAR_VERSION_EXISTS', 'FORBIDDEN'),
});
