import { DomainError } from '@peixun/shared';

/**
 * One row of a spreadsheet or CSV file, before any meaning is attached: the row number the
 * school sees in Excel (1-based) and the cell values, left to right.
 */
export type SheetCell = string | number | boolean | Date | null;

export interface SheetRow {
  readonly rowNumber: number;
  readonly cells: readonly SheetCell[];
}

/** The file cannot be read at all (wrong format, broken zip, mixed encodings). */
export class RosterFileUnreadable extends DomainError {
  constructor(code: 'ROSTER_FILE_UNREADABLE' | 'ROSTER_ENCODING_INVALID', detail: string) {
    super({ code, status: 422, title: '花名册文件无法读取', detail });
  }
}
