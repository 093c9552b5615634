import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { transact, type PublishWorkingCalendarBody } from '@peixun/shared';
import { isDeepStrictEqual } from 'node:util';
import { calendarFromDocument, type Calendars, type WorkingCalendar } from '../domain/working-days';
import { currentCalendarKey, calendarVersionKey } from './table-keys';

export interface PublishedCalendar {
  readonly year: number;
  readonly document: PublishWorkingCalendarBody;
  readonly origin: WorkingCalendar['origin'];
  readonly publishedAt?: string;
  readonly publishedBy?: string;
}

type StoredCalendar = { year: number; document: PublishWorkingCalendarBody; publishedAt: string; publishedBy: string };

/**
 * Published working calendars, per year: each version written once (`WORKCAL#<year>` /
 * `VERSION#<v>`) and, in the same transaction, made the one in force (`…/CURRENT`). A year nobody
 * published falls back to the bundled `chinese-days` data where it has the year.
 */
export class WorkingCalendarStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async current(year: number): Promise<PublishedCalendar | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: currentCalendarKey(year), ConsistentRead: true }));
    return Item === undefined ? await bundled(year) : published(Item as StoredCalendar);
  }

  /** The calendars in force for these years (undefined: none published, none bundled). */
  async calendars(years: readonly number[]): Promise<Calendars> {
    const wanted = [...new Set(years)];
    const found = await Promise.all(wanted.map((year) => this.current(year)));
    return new Map(wanted.map((year, index) => [year, toCalendar(found[index])]));
  }

  /**
   * Writes the version once and puts it in force. The same version again with the same dates is
   * the same publication (a retried request): nothing is written and it answers `SAME`; with other
   * dates it is refused (`VERSION_EXISTS`), a correction needs a new version.
   */
  async publish(year: number, document: PublishWorkingCalendarBody, publishedBy: string, publishedAt: string): Promise<'PUBLISHED' | 'SAME' | 'VERSION_EXISTS'> {
    const record: StoredCalendar = { year, document, publishedAt, publishedBy };
    const outcome = await transact<'VERSION_EXISTS'>(this.client, [
      {
        action: { Put: { TableName: this.tableName, Item: { ...calendarVersionKey(year, document.version), ...record }, ConditionExpression: 'attribute_not_exists(pk)' } },
        guard: 'VERSION_EXISTS',
      },
      { action: { Put: { TableName: this.tableName, Item: { ...currentCalendarKey(year), ...record } } } },
    ]);
    if (outcome === 'OK') return 'PUBLISHED';
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: calendarVersionKey(year, document.version), ConsistentRead: true }));
    return isDeepStrictEqual(comparable((Item as StoredCalendar | undefined)?.document), comparable(document)) ? 'SAME' : 'VERSION_EXISTS';
  }
}

/** Dates as a set: the order in which an admin listed them does not make another calendar. */
function comparable(document: PublishWorkingCalendarBody | undefined) {
  if (document === undefined) return undefined;
  const sorted = (days: PublishWorkingCalendarBody['holidays']) => [...days].sort((a, b) => a.date.localeCompare(b.date));
  return { ...document, holidays: sorted(document.holidays), workingDays: sorted(document.workingDays), source: document.source };
}

function toCalendar(calendar: PublishedCalendar | undefined): WorkingCalendar | undefined {
  return calendar === undefined ? undefined : calendarFromDocument({ year: calendar.year, ...calendar.document }, calendar.origin);
}

function published(item: StoredCalendar): PublishedCalendar {
  return { year: Number(item.year), document: item.document, origin: 'PUBLISHED', publishedAt: item.publishedAt, publishedBy: item.publishedBy };
}

/**
 * Imported when a year is first looked up: the package's data (≈ 45 KB) is in every claims bundle,
 * but only the disclosure and calendar routes read it, so the others never evaluate it.
 */
async function bundled(year: number): Promise<PublishedCalendar | undefined> {
  const { bundledCalendarDocument } = await import('../reference/bundled-working-calendars');
  const document = bundledCalendarDocument(year);
  if (document === undefined) return undefined;
  const { year: _year, ...body } = document;
  return { year, document: { ...body, holidays: [...body.holidays], workingDays: [...body.workingDays] }, origin: 'BUNDLED' };
}
