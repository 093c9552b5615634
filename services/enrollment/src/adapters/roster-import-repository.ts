import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { StoredRosterRow } from '../roster/registered-roster';
import { putAll } from './batch-requests';

/**
 * Imported roster files, kept as imported (Art. 28: every step traceable):
 * `ROSTERIMPORT#<importId>` / `ROW#<rowNumber>` per accepted row, with the class it was for.
 * Rows are written with BatchWriteItem, which is not atomic; the class's roster changes only
 * afterwards, in one conditional write of the class item, so a failure half-way leaves an
 * untouched class (and rows of an import that never took effect) — never a half-imported roster.
 */
const rowKey = (importId: string, rowNumber: number) => ({ pk: `ROSTERIMPORT#${importId}`, sk: `ROW#${String(rowNumber).padStart(7, '0')}` });

export class RosterImportRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async storeRows(importId: string, classId: string, rows: readonly StoredRosterRow[]): Promise<void> {
    await putAll(
      this.client,
      this.tableName,
      rows.map((row) => ({ ...rowKey(importId, row.rowNumber), classId, ...row })),
    );
  }
}
