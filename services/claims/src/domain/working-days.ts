/**
 * Working days on China's official calendar, one year at a time: a day is a working day when the
 * year's calendar makes it one (调休上班), else when it is Monday to Friday and not a day off of a
 * holiday. A year whose calendar is not published (the State Council's notice for a year comes out
 * in the autumn before) is counted Monday to Friday, and every period says which years were counted
 * that way, so it can be counted again once the calendar is published.
 */
export interface WorkingCalendar {
  readonly year: number;
  readonly version: string;
  readonly origin: 'BUNDLED' | 'PUBLISHED';
  readonly holidays: ReadonlySet<string>;
  readonly workingDays: ReadonlySet<string>;
}

/** A calendar document (bundled or published) as the sets the counting reads. */
export function calendarFromDocument(
  document: { year: number; version: string; holidays: ReadonlyArray<{ date: string; name?: string }>; workingDays: ReadonlyArray<{ date: string; name?: string }> },
  origin: WorkingCalendar['origin'],
): WorkingCalendar {
  return {
    year: document.year,
    version: document.version,
    origin,
    holidays: new Set(document.holidays.map((day) => day.date)),
    workingDays: new Set(document.workingDays.map((day) => day.date)),
  };
}

/** The calendars a computation may read, by year; a year mapped to undefined has none published. */
export type Calendars = ReadonlyMap<number, WorkingCalendar | undefined>;

export type CalendarBasis =
  | { readonly year: number; readonly basis: 'BUNDLED' | 'PUBLISHED'; readonly version: string }
  | { readonly year: number; readonly basis: 'WEEKDAYS' };

export interface DisclosureWindow {
  readonly from: string;
  readonly until: string;
  /** The calendar of each year the counting went through, in order. */
  readonly calendar: readonly CalendarBasis[];
}

const yearOf = (date: string): number => Number(date.slice(0, 4));

const weekday = (date: string): number => new Date(`${date}T00:00:00Z`).getUTCDay();

export const isWeekend = (date: string): boolean => weekday(date) === 0 || weekday(date) === 6;

export const nextDay = (date: string): string => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

function calendarOf(calendars: Calendars, year: number): WorkingCalendar | undefined {
  // A year nobody looked up is a bug of the caller, not an unpublished year: counting it Mon–Fri would hide it.
  if (!calendars.has(year)) throw new Error(`Working calendar of ${year} was not loaded`);
  return calendars.get(year);
}

export function isWorkingDay(date: string, calendars: Calendars): boolean {
  const calendar = calendarOf(calendars, yearOf(date));
  if (calendar?.workingDays.has(date) === true) return true;
  return !isWeekend(date) && calendar?.holidays.has(date) !== true;
}

function basisOf(year: number, calendar: WorkingCalendar | undefined): CalendarBasis {
  return calendar === undefined ? { year, basis: 'WEEKDAYS' } : { year, basis: calendar.origin, version: calendar.version };
}

/**
 * A disclosure decided on `date` runs for `days` full working days starting the next working day;
 * its first and last day and the calendars they were counted on.
 */
export function disclosureWindow(date: string, days: number, calendars: Calendars): DisclosureWindow {
  const years = new Set<number>();
  const step = (day: string): string => {
    const next = nextDay(day);
    years.add(yearOf(next));
    return next;
  };
  let day = step(date);
  while (!isWorkingDay(day, calendars)) day = step(day);
  const from = day;
  for (let counted = 1; counted < days; ) {
    day = step(day);
    if (isWorkingDay(day, calendars)) counted += 1;
  }
  const calendar = [...years].sort().map((year) => basisOf(year, calendars.get(year)));
  return { from, until: day, calendar };
}

/** The years a disclosure decided on `date` may reach: this one and the next (a period is days, not months). */
export function yearsToLoad(date: string): number[] {
  return [yearOf(date), yearOf(date) + 1];
}

/** Stored with the period, so a later recount changes it only if the calendars it was counted on are still the ones read. */
export function basisKey(calendar: readonly CalendarBasis[]): string {
  return calendar.map((entry) => (entry.basis === 'WEEKDAYS' ? `${entry.year}:WEEKDAYS` : `${entry.year}:${entry.basis}:${entry.version}`)).join('|');
}

/** What the public list says when a year was counted Monday to Friday. */
export function calendarNote(calendar: readonly CalendarBasis[]): string | undefined {
  const unpublished = calendar.filter((entry) => entry.basis === 'WEEKDAYS').map((entry) => `${entry.year}年`);
  return unpublished.length === 0 ? undefined : `${unpublished.join('、')}放假安排尚未发布，按周一至周五计算`;
}

export type CalendarProblem = { readonly field: 'holidays' | 'workingDays'; readonly date: string; readonly problem: string };

/**
 * A calendar as the State Council's notice makes one: every date in its year and named once, a
 * day either off or made a working day (not both), and only weekend days made working days.
 */
export function calendarProblems(year: number, holidays: readonly { date: string }[], workingDays: readonly { date: string }[]): CalendarProblem[] {
  const problems: CalendarProblem[] = [];
  const seen = new Set<string>();
  const listed = [...holidays.map(({ date }) => ({ field: 'holidays' as const, date })), ...workingDays.map(({ date }) => ({ field: 'workingDays' as const, date }))];
  for (const { field, date } of listed) {
    if (yearOf(date) !== year) problems.push({ field, date, problem: `不在${year}年内` });
    if (seen.has(date)) problems.push({ field, date, problem: '重复列出（同一天只能是放假或调休上班之一）' });
    seen.add(date);
    if (field === 'workingDays' && !isWeekend(date)) problems.push({ field, date, problem: '调休上班日应为周六或周日' });
  }
  return problems;
}
