import * as z from 'zod';

/**
 * The training calendar is Asia/Shanghai (UTC+08:00, no daylight saving), so local dates and
 * times convert to instants with a fixed offset and no time-zone database.
 */
export const SHANGHAI_OFFSET = '+08:00';
const OFFSET_MS = 8 * 60 * 60 * 1000;

export const isoDateSchema = z.iso.date({ message: '日期格式应为 YYYY-MM-DD。' });
export const localTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: '时间格式应为 HH:MM（24小时制）。' });
export const instantSchema = z.iso.datetime({ offset: true, message: '时间须为带时区的 ISO-8601 时间。' });

/** `2025-03-10` + `09:00` → `2025-03-10T09:00:00+08:00`, the form events carry. */
export function shanghaiInstant(date: string, time: string): string {
  return `${date}T${time}:00${SHANGHAI_OFFSET}`;
}

export function epochMs(instant: string): number {
  return Date.parse(instant);
}

/** The calendar date in Shanghai of an instant, whatever offset it was written with. */
export function shanghaiDate(instant: string | Date): string {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  return new Date(ms + OFFSET_MS).toISOString().slice(0, 10);
}

/** Calendar arithmetic on `YYYY-MM-DD` strings, done in UTC so no local zone leaks in. */
export function addDays(date: string, days: number): string {
  const ms = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * The same day `years` later; 29 February falls on 1 March in a common year, so a
 * registration approved on a leap day still lasts a full year and not a day longer.
 */
export function anniversary(date: string, years: number): string {
  const year = Number(date.slice(0, 4)) + years;
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  const candidate = new Date(Date.UTC(year, month - 1, day));
  return candidate.toISOString().slice(0, 10);
}

/** `2025-06-12、2025-06-13、2025-06-14、2025-06-20` → `2025-06-12至2025-06-14、2025-06-20`, for readable messages. */
export function describeDates(dates: readonly string[]): string {
  const sorted = [...new Set(dates)].sort();
  const ranges: string[] = [];
  let start = sorted[0];
  let end = sorted[0];
  for (const date of sorted.slice(1)) {
    if (end !== undefined && addDays(end, 1) === date) {
      end = date;
      continue;
    }
    if (start !== undefined) ranges.push(start === end ? start : `${start}至${end}`);
    start = date;
    end = date;
  }
  if (start !== undefined) ranges.push(start === end ? start : `${start}至${end}`);
  return ranges.join('、');
}

/** An instant written in Shanghai local time with its offset (`2026-11-26T18:00:00+08:00`), as records and events carry it. */
export function shanghaiTimestamp(now: Date): string {
  return `${new Date(now.getTime() + OFFSET_MS).toISOString().slice(0, 19)}${SHANGHAI_OFFSET}`;
}
