import chineseDays from 'chinese-days';

/**
 * China's official working-day calendar (State Council holiday notices, including the weekend days
 * made working days), from the maintained `chinese-days` package. Years the package does not cover
 * yet (the notice for a year comes out in the November before) fall back to Monday–Friday; the
 * package is upgraded when the notice is published.
 */
const COVERED_UNTIL_YEAR = 2026;

export function isWorkingDay(date: string): boolean {
  if (Number(date.slice(0, 4)) <= COVERED_UNTIL_YEAR) return chineseDays.isWorkday(date);
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

const nextDay = (date: string): string => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * A disclosure published on `date` runs for `days` full working days starting the next working
 * day; returns its first and last day.
 */
export function disclosureWindow(date: string, days: number): { from: string; until: string } {
  let day = nextDay(date);
  while (!isWorkingDay(day)) day = nextDay(day);
  const from = day;
  let counted = 1;
  while (counted < days) {
    day = nextDay(day);
    if (isWorkingDay(day)) counted += 1;
  }
  return { from, until: day };
}
