import { maskResidentId } from '@peixun/shared';
import { article } from '../reference/articles';
import { defineRule } from '../reference/rules';
import { type HeaderLayout, isHeaderRow, layoutOf, ROSTER_COLUMNS } from './columns';
import { type ImportedTrainee, type RosterIssue, type RowCheckOptions, validateRosterRow } from './row-validation';
import { RosterFileUnreadable, type SheetRow } from './sheet-row';

/**
 * Roster import (花名册导入): reads rows as they stream in and keeps only what the report
 * needs. By default nothing is imported unless every row is right (a roster is one document
 * the office approves as a whole, Art. 23); on request, the valid rows are imported and the
 * rest reported.
 */
export type RosterImportMode = 'ALL_OR_NOTHING' | 'VALID_ROWS';

export interface RosterImportOptions extends RowCheckOptions {
  readonly mode: RosterImportMode;
  readonly maxRows: number;
  readonly maxReportedIssues: number;
}

export interface RosterImportReport {
  readonly mode: RosterImportMode;
  /** IMPORTED: all rows; PARTIALLY_IMPORTED: the valid rows; REJECTED: nothing. */
  readonly outcome: 'IMPORTED' | 'PARTIALLY_IMPORTED' | 'REJECTED';
  readonly totalRows: number;
  readonly validRows: number;
  readonly invalidRows: number;
  /** Rows to store; empty when the outcome is REJECTED. */
  readonly accepted: readonly ImportedTrainee[];
  readonly issues: readonly RosterIssue[];
  /** True when more issues were found than the report keeps. */
  readonly issuesTruncated: boolean;
}

export const ROSTER_FILE_RULES = {
  headerNotFound: defineRule('ROSTER_HEADER_NOT_FOUND', article(23), '花名册须使用含“姓名”“身份证号码”等列的标准表头'),
  missingColumn: defineRule('ROSTER_MISSING_COLUMN', article(23), '花名册须包含姓名、身份证号码、手机号码、人员类别等列'),
  duplicateColumn: defineRule('ROSTER_DUPLICATE_COLUMN', article(23), '花名册每一列只能出现一次'),
  noRows: defineRule('ROSTER_NO_ROWS', article(23), '花名册至少登记一名学员'),
  tooManyRows: defineRule('ROSTER_TOO_MANY_ROWS', article(23), '单个花名册文件的行数不得超过系统上限'),
  duplicateId: defineRule('ROSTER_DUPLICATE_ID_NUMBER', article(23), '同一学员在花名册中只能登记一次'),
} as const;

export type RosterEvent =
  | { readonly kind: 'row'; readonly rowNumber: number; readonly entry?: ImportedTrainee; readonly issues: readonly RosterIssue[] }
  | { readonly kind: 'file'; readonly issue: RosterIssue };

/** Title rows above the header are common ("XX班培训花名册"); the header is looked for this far down. */
const HEADER_SEARCH_ROWS = 10;

const isBlank = (row: SheetRow): boolean => row.cells.every((cell) => cell === null || String(cell).trim() === '');

const fileIssue = (row: number, rule: (typeof ROSTER_FILE_RULES)[keyof typeof ROSTER_FILE_RULES], finding: string): RosterEvent => ({
  kind: 'file',
  issue: { row, column: '', code: rule.code, message: rule.violation(finding).message },
});

/**
 * The streaming core: one event per data row, or a file-level problem after which reading
 * stops. A store adapter can consume it directly and write batches as they come.
 */
export async function* validateRosterRows(rows: AsyncIterable<SheetRow>, options: RosterImportOptions): AsyncGenerator<RosterEvent> {
  let layout: HeaderLayout | undefined;
  let headerRow = 0;
  let scanned = 0;
  let dataRows = 0;
  const firstRowOfId = new Map<string, number>();
  try {
    for await (const row of rows) {
      if (isBlank(row)) continue;
      if (layout === undefined) {
        scanned += 1;
        if (!isHeaderRow(row.cells)) {
          if (scanned >= HEADER_SEARCH_ROWS) {
            yield fileIssue(row.rowNumber, ROSTER_FILE_RULES.headerNotFound, `前${HEADER_SEARCH_ROWS}行中没有找到表头。`);
            return;
          }
          continue;
        }
        layout = layoutOf(row.cells);
        headerRow = row.rowNumber;
        if (layout.missing.length > 0) {
          const names = layout.missing.map((column) => `“${ROSTER_COLUMNS[column].header}”`).join('、');
          yield fileIssue(headerRow, ROSTER_FILE_RULES.missingColumn, `第${headerRow}行表头缺少${names}列。`);
          return;
        }
        if (layout.duplicated.length > 0) {
          const names = layout.duplicated.map((column) => `“${ROSTER_COLUMNS[column].header}”`).join('、');
          yield fileIssue(headerRow, ROSTER_FILE_RULES.duplicateColumn, `第${headerRow}行表头中${names}列出现了不止一次。`);
          return;
        }
        continue;
      }
      dataRows += 1;
      if (dataRows > options.maxRows) {
        yield fileIssue(row.rowNumber, ROSTER_FILE_RULES.tooManyRows, `文件超过${options.maxRows}行，请拆分后分批导入。`);
        return;
      }
      const result = validateRosterRow(row, layout, options);
      const entry = result.entry;
      if (entry !== undefined) {
        const first = firstRowOfId.get(entry.idNumber);
        if (first !== undefined) {
          const rule = ROSTER_FILE_RULES.duplicateId;
          const issue: RosterIssue = {
            row: row.rowNumber,
            column: ROSTER_COLUMNS.idNumber.header,
            code: rule.code,
            message: rule.violation(`第${row.rowNumber}行的身份证号码${maskResidentId(entry.idNumber)}与第${first}行重复。`).message,
          };
          yield { kind: 'row', rowNumber: row.rowNumber, issues: [issue] };
          continue;
        }
        firstRowOfId.set(entry.idNumber, row.rowNumber);
      }
      yield { kind: 'row', rowNumber: row.rowNumber, issues: result.issues, ...(entry === undefined ? {} : { entry }) };
    }
  } catch (error) {
    if (!(error instanceof RosterFileUnreadable)) throw error;
    yield { kind: 'file', issue: { row: 0, column: '', code: error.code, message: error.detail } };
    return;
  }
  if (layout === undefined) yield fileIssue(0, ROSTER_FILE_RULES.headerNotFound, '文件中没有找到表头。');
  else if (dataRows === 0) yield fileIssue(headerRow, ROSTER_FILE_RULES.noRows, '表头下没有学员数据。');
}

/** Collects the stream into a report; in all-or-nothing mode it stops keeping rows once one fails. */
export async function importRoster(rows: AsyncIterable<SheetRow>, options: RosterImportOptions): Promise<RosterImportReport> {
  const issues: RosterIssue[] = [];
  let accepted: ImportedTrainee[] = [];
  let issuesTruncated = false;
  let validRows = 0;
  let invalidRows = 0;
  let fileFailed = false;
  const keep = (issue: RosterIssue): void => {
    if (issues.length < options.maxReportedIssues) issues.push(issue);
    else issuesTruncated = true;
  };
  for await (const event of validateRosterRows(rows, options)) {
    if (event.kind === 'file') {
      fileFailed = true;
      keep(event.issue);
      continue;
    }
    if (event.entry !== undefined) {
      validRows += 1;
      if (options.mode === 'VALID_ROWS' || invalidRows === 0) accepted.push(event.entry);
      continue;
    }
    invalidRows += 1;
    // Nothing will be imported any more, so the memory can go.
    if (options.mode === 'ALL_OR_NOTHING') accepted = [];
    event.issues.forEach(keep);
  }
  const outcome = fileFailed || validRows === 0 || (options.mode === 'ALL_OR_NOTHING' && invalidRows > 0)
    ? 'REJECTED'
    : invalidRows > 0
      ? 'PARTIALLY_IMPORTED'
      : 'IMPORTED';
  return {
    mode: options.mode,
    outcome,
    totalRows: validRows + invalidRows,
    validRows,
    invalidRows,
    accepted: outcome === 'REJECTED' ? [] : accepted,
    issues,
    issuesTruncated,
  };
}
