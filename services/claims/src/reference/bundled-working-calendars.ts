import chineseDaysData from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import chineseDaysPackage from 'chinese-days/package.json' with { type: 'json' };

/**
 * The official calendars shipped with the service: the maintained `chinese-days` package's data
 * (State Council holiday notices, 2004 onwards), in force for the years it covers until an admin
 * publishes a version of a year. Its entries read "English name,中文名,n"; the Chinese name is kept.
 */
const VERSION = `chinese-days@${chineseDaysPackage.version}`;

type Entries = Readonly<Record<string, string>>;

const chineseName = (entry: string): string => entry.split(',')[1] ?? entry;

function byYear(entries: Entries): Map<number, Array<{ date: string; name: string }>> {
  const years = new Map<number, Array<{ date: string; name: string }>>();
  for (const [date, entry] of Object.entries(entries).sort(([a], [b]) => a.localeCompare(b))) {
    const year = Number(date.slice(0, 4));
    const days = years.get(year) ?? [];
    days.push({ date, name: chineseName(entry) });
    years.set(year, days);
  }
  return years;
}

export interface BundledCalendarDocument {
  readonly year: number;
  readonly version: string;
  readonly source: string;
  readonly holidays: ReadonlyArray<{ date: string; name: string }>;
  readonly workingDays: ReadonlyArray<{ date: string; name: string }>;
}

// Evaluated only where a year is looked up: the store imports this module on first use.
const holidays = byYear(chineseDaysData.holidays);
const workingDays = byYear(chineseDaysData.workdays);

/** Every year the bundled data has a holiday in. */
export const BUNDLED_YEARS: readonly number[] = [...holidays.keys()].sort((a, b) => a - b);

export function bundledCalendarDocument(year: number): BundledCalendarDocument | undefined {
  const off = holidays.get(year);
  if (off === undefined) return undefined;
  return { year, version: VERSION, source: 'https://github.com/vsme/chinese-days', holidays: off, workingDays: workingDays.get(year) ?? [] };
}
