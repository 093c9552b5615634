import * as z from 'zod';

/**
 * Limits every contract's input keeps, so that what passes validation also fits the store: a
 * DynamoDB item holds at most 400 KB and a key 2,048 bytes, numbers must stay exact in JavaScript
 * and dates must stay four-digit years when a validity period is added to them.
 */

/** The calendar a date of this domain may fall on: a licence issued in 1990, a registry valid until 2099. */
export const DATE_RANGE = { from: '1900-01-01', until: '2099-12-31' } as const;

/** `YYYY-MM-DD` within DATE_RANGE (a year-9999 approval would expire in year 10000). */
export const calendarDateSchema = z.iso
  .date({ message: '日期格式应为 YYYY-MM-DD。' })
  .refine((value) => value >= DATE_RANGE.from && value <= DATE_RANGE.until, {
    message: `日期须在 ${DATE_RANGE.from} 至 ${DATE_RANGE.until} 之间。`,
    params: { code: 'DATE_OUT_OF_RANGE' },
  });

/** An occupation (工种) code of the catalogue, e.g. `4-10-01-01` or a province's special-ability code. */
export const occupationCatalogueCodeSchema = z.string().trim().min(1).max(40);

/** Ids a client quotes back (sites, projects, documents): our own are far shorter; the bound keeps keys small. */
export const referenceIdSchema = z.string().trim().min(1).max(64);
