import { type AuthContext, now, type PublishWorkingCalendarBody, type WorkingCalendarView } from '@peixun/shared';
import type { PublishedCalendar } from '../adapters/working-calendars';
import type { ClaimsDependencies } from '../dependencies';
import { shanghaiDate } from '../domain/claim-deadline';
import { workingCalendarInvalid, workingCalendarNotPublished, workingCalendarVersionExists } from '../domain/errors';
import type { ClaimLine, Disclosure } from '../domain/model';
import { basisKey, calendarProblems, disclosureWindow, yearsToLoad } from '../domain/working-days';

/**
 * The disclosure period (公示, Art. 29/32) of a line decided on `decidedOn`, counted on the working
 * calendars in force for the years it reaches; the calendars are named with it.
 */
export async function disclosureFrom(deps: ClaimsDependencies, decidedOn: string): Promise<Disclosure> {
  const days = deps.config.disclosureWorkingDays;
  const window = disclosureWindow(decidedOn, days, await deps.calendars.calendars(yearsToLoad(decidedOn)));
  return { ...window, days, basisKey: basisKey(window.calendar) };
}

/**
 * Counts again the period of every line on the public list whose calendars changed since it was
 * counted — a year counted Monday to Friday whose calendar is now published, or a new version of a
 * year. The new end date replaces the old (earlier or later); a first day already reached stays,
 * the line having been shown from then. Each line is one conditional write on the calendars it was
 * counted on: repeated or concurrent recounts (publication, the hourly schedule) change it once.
 */
export async function recountDisclosures(deps: ClaimsDependencies, at: Date = now()): Promise<number> {
  const today = shanghaiDate(at);
  const lines = (await deps.ledger.disclosed()).filter((line): line is ClaimLine & { decision: NonNullable<ClaimLine['decision']> } => line.decision !== undefined);
  const decidedOn = (line: { decision: { at: string } }) => shanghaiDate(new Date(line.decision.at));
  const calendars = await deps.calendars.calendars(lines.flatMap((line) => yearsToLoad(decidedOn(line))));
  let recounted = 0;
  for (const line of lines) {
    // The days the line was approved for, not a setting changed since.
    const days = line.disclosure?.days ?? deps.config.disclosureWorkingDays;
    const window = disclosureWindow(decidedOn(line), days, calendars);
    const key = basisKey(window.calendar);
    if (key === line.disclosure?.basisKey) continue;
    const shownSince = line.disclosure !== undefined && line.disclosure.from <= today ? line.disclosure.from : undefined;
    if (await deps.ledger.recountDisclosure(line, { ...window, from: shownSince ?? window.from, days, basisKey: key })) recounted += 1;
  }
  return recounted;
}

function view(calendar: PublishedCalendar): WorkingCalendarView {
  return {
    year: calendar.year,
    ...calendar.document,
    origin: calendar.origin,
    ...(calendar.publishedAt === undefined ? {} : { publishedAt: calendar.publishedAt }),
    ...(calendar.publishedBy === undefined ? {} : { publishedBy: calendar.publishedBy }),
  };
}

export async function workingCalendarOf(deps: ClaimsDependencies, year: number): Promise<WorkingCalendarView> {
  const calendar = await deps.calendars.current(year);
  if (calendar === undefined) throw workingCalendarNotPublished(year);
  return view(calendar);
}

/**
 * An admin publishes a year's calendar from the State Council's notice: checked, written once per
 * version and put in force; then every open disclosure reaching that year is counted again on it.
 * Sent twice, the second finds the same version and only recounts what is left (nothing).
 */
export async function publishWorkingCalendar(deps: ClaimsDependencies, auth: AuthContext, year: number, body: PublishWorkingCalendarBody): Promise<WorkingCalendarView> {
  const problems = calendarProblems(year, body.holidays, body.workingDays);
  if (problems.length > 0) throw workingCalendarInvalid(problems);
  const at = now();
  const outcome = await deps.calendars.publish(year, body, auth.sub, at.toISOString());
  if (outcome === 'VERSION_EXISTS') throw workingCalendarVersionExists(year, body.version);
  const disclosuresRederived = await recountDisclosures(deps, at);
  return { ...(await workingCalendarOf(deps, year)), disclosuresRederived };
}
