import { maskResidentId } from '@peixun/shared';
import type { RosterEntry } from '../classes/class-application';
import { article } from '../reference/articles';
import { defineRule } from '../reference/rules';
import type { RosterImportMode, RosterImportReport } from './import-roster';
import type { ImportedTrainee, RosterIssue } from './row-validation';

/**
 * A roster row names a person; a class enrols only people already registered under their real
 * name ("凡补必进、先进后补", Art. 27). Rows are matched to registered trainees by ID number
 * (through its fingerprint, never stored in clear); an unregistered person is reported on their
 * row and is never registered implicitly by an import: registration needs the person's own
 * consent to face recognition, which a spreadsheet cannot give.
 */
export const ROSTER_REGISTRATION_RULES = {
  notRegistered: defineRule('ROSTER_TRAINEE_NOT_REGISTERED', article(27), '花名册中的学员须已在系统中实名登记（凡补必进、先进后补）'),
  tooManyForClass: defineRule('ROSTER_TOO_MANY_FOR_CLASS', article(23), '一个班次的花名册人数不得超过系统可受理的上限'),
} as const;

/** Most entries one class record holds; class-size rules (Art. 18) judge the real limit at submission. */
export const CLASS_ROSTER_CAPACITY = 2000;

/** What is kept of an imported row: no ID number or phone in clear, the trainee it matched. */
export interface StoredRosterRow {
  readonly rowNumber: number;
  readonly traineeId: string;
  readonly name: string;
  readonly idNumberMasked: string;
  readonly targetGroups: ImportedTrainee['targetGroups'];
  readonly occupationCode?: string;
  readonly level?: ImportedTrainee['level'];
  readonly ruralLabourer?: boolean;
  readonly labourContractMonths?: number;
  readonly applicationFormId?: string;
}

export interface RegisteredRosterResult {
  readonly outcome: RosterImportReport['outcome'];
  readonly rows: readonly StoredRosterRow[];
  readonly issues: readonly RosterIssue[];
  readonly invalidRows: number;
  readonly issuesTruncated: boolean;
}

/** Applies the real-name rule to the rows that passed their own checks, with the import's mode. */
export function matchRegisteredTrainees(
  report: RosterImportReport,
  traineeIdByIdNumber: ReadonlyMap<string, string>,
  options: { readonly mode: RosterImportMode; readonly maxReportedIssues: number },
): RegisteredRosterResult {
  const issues = [...report.issues];
  let issuesTruncated = report.issuesTruncated;
  const rows: StoredRosterRow[] = [];
  let unregistered = 0;
  for (const entry of report.accepted) {
    const traineeId = traineeIdByIdNumber.get(entry.idNumber);
    if (traineeId === undefined) {
      unregistered += 1;
      const message = ROSTER_REGISTRATION_RULES.notRegistered.violation(`第${entry.rowNumber}行：${entry.name}（${maskResidentId(entry.idNumber)}）尚未实名登记，请先登记。`).message;
      if (issues.length < options.maxReportedIssues) issues.push({ row: entry.rowNumber, column: '身份证号码', code: ROSTER_REGISTRATION_RULES.notRegistered.code, message });
      else issuesTruncated = true;
      continue;
    }
    rows.push({
      rowNumber: entry.rowNumber,
      traineeId,
      name: entry.name,
      idNumberMasked: maskResidentId(entry.idNumber),
      targetGroups: entry.targetGroups,
      ...(entry.occupationCode === undefined ? {} : { occupationCode: entry.occupationCode }),
      ...(entry.level === undefined ? {} : { level: entry.level }),
      ...(entry.ruralLabourer === undefined ? {} : { ruralLabourer: entry.ruralLabourer }),
      ...(entry.labourContractMonths === undefined ? {} : { labourContractMonths: entry.labourContractMonths }),
      ...(entry.applicationFormId === undefined ? {} : { applicationFormId: entry.applicationFormId }),
    });
  }
  const invalidRows = report.invalidRows + unregistered;
  const rejected = report.outcome === 'REJECTED' || rows.length === 0 || (options.mode === 'ALL_OR_NOTHING' && invalidRows > 0);
  return {
    outcome: rejected ? 'REJECTED' : invalidRows > 0 ? 'PARTIALLY_IMPORTED' : 'IMPORTED',
    rows: rejected ? [] : rows,
    issues,
    invalidRows,
    issuesTruncated,
  };
}

/** The class's roster from the stored rows; a certificate is named only when the row gave both occupation and level. */
export function rosterEntriesOf(rows: readonly StoredRosterRow[]): RosterEntry[] {
  return rows.map((row) => ({
    traineeId: row.traineeId,
    ...(row.occupationCode !== undefined && row.level !== undefined ? { certificate: { occupationCode: row.occupationCode, level: row.level } } : {}),
    ...(row.ruralLabourer === undefined ? {} : { ruralLabourer: row.ruralLabourer }),
    ...(row.labourContractMonths === undefined ? {} : { labourContractMonths: row.labourContractMonths }),
    ...(row.applicationFormId === undefined ? {} : { applicationFormId: row.applicationFormId }),
  }));
}
