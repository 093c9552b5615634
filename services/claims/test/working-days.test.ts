import chineseDays from 'chinese-days';
import { describe, expect, it } from 'vitest';
import { calendarFromDocument, type Calendars, calendarNote, calendarProblems, disclosureWindow, isWorkingDay, nextDay, type WorkingCalendar } from '../src/domain/working-days';
import { BUNDLED_YEARS, bundledCalendarDocument } from '../src/reference/bundled-working-calendars';

/**
 * The public disclosure period (公示: Art. 32 定期向社会公开资金使用情况, Art. 29 the claims it
 * lists; five working days in practice) counted on China's official calendar, year by year.
 */
const bundled = (year: number): WorkingCalendar => {
  const document = bundledCalendarDocument(year);
  if (document === undefined) throw new Error(`no bundled ${year}`);
  return calendarFromDocument(document, 'BUNDLED');
};

/** Test data standing for the State Council's 2027 notice: 元旦 1–3 January, nothing moved. */
const PUBLISHED_2027: WorkingCalendar = calendarFromDocument(
  { year: 2027, version: '国办发明电〔2026〕测试', holidays: ['2027-01-01', '2027-01-02', '2027-01-03'].map((date) => ({ date, name: '元旦' })), workingDays: [] },
  'PUBLISHED',
);

const calendars = (entries: ReadonlyArray<[number, WorkingCalendar | undefined]>): Calendars => new Map(entries);
const BUNDLED_VERSION = bundled(2026).version;

describe('Art. 32 disclosure: five working days on the official calendar', () => {
  it('counts a weekend made a working day and skips the National Day holiday (2025, bundled)', () => {
    const window = disclosureWindow('2025-09-26', 5, calendars([[2025, bundled(2025)], [2026, bundled(2026)]]));
    // Decided Fri 26 Sept: Sun 28 Sept is 调休上班, 1–8 Oct are off.
    expect(window).toEqual({ from: '2025-09-28', until: '2025-10-10', calendar: [{ year: 2025, basis: 'BUNDLED', version: BUNDLED_VERSION }] });
  });

  it('across 2026-12-31 with no published 2027 calendar: 2027 counted Monday to Friday, and the period says so', () => {
    const window = disclosureWindow('2026-12-28', 5, calendars([[2026, bundled(2026)], [2027, undefined]]));
    // Tue 29, Wed 30, Thu 31 December, Fri 1 and Mon 4 January.
    expect(window).toEqual({
      from: '2026-12-29',
      until: '2027-01-04',
      calendar: [
        { year: 2026, basis: 'BUNDLED', version: BUNDLED_VERSION },
        { year: 2027, basis: 'WEEKDAYS' },
      ],
    });
    expect(calendarNote(window.calendar)).toBe('2027年放假安排尚未发布，按周一至周五计算');
  });

  it('across 2026-12-31 with the 2027 calendar published: New Year’s Day is skipped and the period ends a day later', () => {
    const window = disclosureWindow('2026-12-28', 5, calendars([[2026, bundled(2026)], [2027, PUBLISHED_2027]]));
    expect(window).toEqual({
      from: '2026-12-29',
      until: '2027-01-05',
      calendar: [
        { year: 2026, basis: 'BUNDLED', version: BUNDLED_VERSION },
        { year: 2027, basis: 'PUBLISHED', version: '国办发明电〔2026〕测试' },
      ],
    });
    expect(calendarNote(window.calendar)).toBeUndefined();
  });

  it('decided on 2026-12-31, the whole period lies in the year not yet published, starting on 1 January counted as a working day', () => {
    const weekdays = disclosureWindow('2026-12-31', 5, calendars([[2026, bundled(2026)], [2027, undefined]]));
    expect([weekdays.from, weekdays.until]).toEqual(['2027-01-01', '2027-01-07']);
    expect(weekdays.calendar).toEqual([{ year: 2027, basis: 'WEEKDAYS' }]);
    const published = disclosureWindow('2026-12-31', 5, calendars([[2026, bundled(2026)], [2027, PUBLISHED_2027]]));
    expect([published.from, published.until]).toEqual(['2027-01-04', '2027-01-08']);
  });

  it('a weekend the published calendar makes a working day counts, bringing the end earlier than Monday to Friday', () => {
    const moved = calendarFromDocument({ year: 2027, version: 'v-test', holidays: [], workingDays: [{ date: '2027-01-02', name: '元旦' }] }, 'PUBLISHED');
    expect(disclosureWindow('2026-12-30', 5, calendars([[2026, bundled(2026)], [2027, moved]])).until).toBe('2027-01-05');
    expect(disclosureWindow('2026-12-30', 5, calendars([[2026, bundled(2026)], [2027, undefined]])).until).toBe('2027-01-06');
  });

  it('a year nobody loaded is a mistake of the caller, never silently Monday to Friday', () => {
    expect(() => disclosureWindow('2026-12-28', 5, calendars([[2026, bundled(2026)]]))).toThrow(/2027/);
  });
});

describe('the bundled calendars (chinese-days)', () => {
  it('cover every year of the package, and agree with it on every day of 2004–2026', () => {
    expect(BUNDLED_YEARS[0]).toBe(2004);
    expect(BUNDLED_YEARS.at(-1)).toBeGreaterThanOrEqual(2026);
    const all = calendars(BUNDLED_YEARS.map((year) => [year, bundled(year)]));
    for (let day = '2004-01-01'; day <= '2026-12-31'; day = nextDay(day)) {
      if (isWorkingDay(day, all) !== chineseDays.isWorkday(day)) throw new Error(`${day} disagrees with chinese-days`);
    }
  });
});

describe('a published calendar is checked before it counts', () => {
  it('refuses dates outside its year, a day both off and working, and a weekday “made” a working day', () => {
    const problems = calendarProblems(
      2027,
      [{ date: '2026-12-31' }, { date: '2027-10-01' }],
      [{ date: '2027-10-01' }, { date: '2027-01-04' }, { date: '2027-02-20' }],
    );
    expect(problems).toEqual([
      { field: 'holidays', date: '2026-12-31', problem: '不在2027年内' },
      { field: 'workingDays', date: '2027-10-01', problem: '重复列出（同一天只能是放假或调休上班之一）' },
      { field: 'workingDays', date: '2027-10-01', problem: '调休上班日应为周六或周日' },
      { field: 'workingDays', date: '2027-01-04', problem: '调休上班日应为周六或周日' },
    ]);
  });
});
