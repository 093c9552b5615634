import { Readable } from 'node:stream';
import { type AuthContext, DomainError, newId, type RosterImportReportView } from '@peixun/shared';
import { authorise } from '../classes/actors';
import { assertDirectEditAllowed } from '../classes/change-requests';
import type { EnrollmentDependencies } from '../dependencies';
import { readCsvRows } from '../roster/csv-source';
import { importRoster, type RosterImportMode } from '../roster/import-roster';
import { CLASS_ROSTER_CAPACITY, matchRegisteredTrainees, ROSTER_REGISTRATION_RULES, rosterEntriesOf } from '../roster/registered-roster';
import type { SheetRow } from '../roster/sheet-row';
import { readXlsxRows } from '../roster/xlsx-source';
import { findClass } from './class-commands';

/** 4.5 MB of file is 6 MB once base64-encoded: Lambda's synchronous payload limit. */
export const ROSTER_FILE_MAX_BYTES = 4.5 * 1024 * 1024;

class RosterFileRefused extends DomainError {
  constructor(code: 'ROSTER_FILE_MISSING' | 'ROSTER_FILE_TOO_LARGE', detail: string) {
    super({ code, status: code === 'ROSTER_FILE_TOO_LARGE' ? 413 : 400, title: '花名册文件不能受理', detail });
  }
}

/** An XLSX file is a zip archive, whatever media type the browser guessed; anything else is read as CSV. */
function rowsOf(bytes: Buffer): AsyncIterable<SheetRow> {
  const isZip = bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50;
  return isZip ? readXlsxRows(Readable.from([bytes])) : readCsvRows(Readable.from([bytes]));
}

export interface RosterUpload {
  readonly bytes: Buffer;
  readonly mode: 'all-or-nothing' | 'valid-rows';
}

/**
 * Imports a roster file into a draft (or returned) class: every row checked and reported, rows
 * matched to registered trainees (Art. 27), the accepted rows stored as imported and the class
 * roster replaced in one conditional write — or, by default, nothing at all when a row fails.
 */
export async function importClassRoster(deps: EnrollmentDependencies, classId: string, upload: RosterUpload, auth: AuthContext, now: Date): Promise<RosterImportReportView> {
  if (upload.bytes.length === 0) throw new RosterFileRefused('ROSTER_FILE_MISSING', '请上传花名册文件（CSV 或 XLSX）。');
  if (upload.bytes.length > ROSTER_FILE_MAX_BYTES) {
    throw new RosterFileRefused('ROSTER_FILE_TOO_LARGE', '花名册文件超过4.5MB，请拆分后分批导入。');
  }
  const record = await findClass(deps, classId);
  authorise({ kind: 'user', auth }, ['institution'], record.lifecycle);
  assertDirectEditAllowed(record.lifecycle);
  const mode: RosterImportMode = upload.mode === 'valid-rows' ? 'VALID_ROWS' : 'ALL_OR_NOTHING';
  const maxReportedIssues = deps.limits.rosterMaxReportedIssues;
  const report = await importRoster(rowsOf(upload.bytes), { mode, maxRows: deps.limits.rosterMaxRows, maxReportedIssues, today: now });
  const matched = matchRegisteredTrainees(report, await deps.trainees.registeredByIdNumber(report.accepted.map((entry) => entry.idNumber)), { mode, maxReportedIssues });
  const summary = { mode: upload.mode, totalRows: report.totalRows, invalidRows: matched.invalidRows, issuesTruncated: matched.issuesTruncated };
  if (matched.rows.length > CLASS_ROSTER_CAPACITY) {
    const message = ROSTER_REGISTRATION_RULES.tooManyForClass.violation(`本文件有${matched.rows.length}名学员，一个班次最多受理${CLASS_ROSTER_CAPACITY}名。`).message;
    const issue = { row: 0, column: '', code: ROSTER_REGISTRATION_RULES.tooManyForClass.code, message };
    return { ...summary, outcome: 'REJECTED', importedRows: 0, issues: [issue, ...matched.issues] };
  }
  if (matched.outcome === 'REJECTED') return { ...summary, outcome: 'REJECTED', importedRows: 0, issues: [...matched.issues] };
  const importId = newId('rim', now.getTime());
  await deps.rosterImports.storeRows(importId, classId, matched.rows);
  await deps.classes.save(record, { application: { ...record.application, roster: rosterEntriesOf(matched.rows) }, lifecycle: record.lifecycle });
  return { ...summary, importId, outcome: matched.outcome, importedRows: matched.rows.length, issues: [...matched.issues] };
}
