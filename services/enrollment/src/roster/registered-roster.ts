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
 * consent to face recognition, which a spreadsheet cannot give. A row whose name is not the real
 * name registered for its ID number is refused the same way (someone else's number under another
 * name is how a roster smuggles in a person who is not there); the registered name is never shown
 * in the report and never changed by an import.
 */

/** The registered person an ID number belongs to, as the roster check needs them. */
export interface RegisteredPerson {
  readonly traineeId: string;
  /** The real name registered (and verified) for the ID number. */
  readonly name: string;
}

/** Dots in minority names (阿依古丽·买买提) are typed as any of these; spaces and full-width forms are noise. */
const NAME_DOTS = /[\u00B7\u2022\u2027\u2219\u30FB\uFF65\u318D.．]/gu;

/** Two spellings of one real name: the same characters once widths, spaces and the dot are made alike. */
export function sameRealName(a: string, b: string): boolean {
  const canonical = (name: string) => name.normalize('NFKC').replace(/\s+/gu, '').replace(NAME_DOTS, '·');
  return canonical(a) === canonical(b);
}
export const ROSTER_REGISTRATION_RULES = {
  notRegistered: defineRule('ROSTER_TRAINEE_NOT_REGISTERED', article(27), '花名册中的学员须已在系统中实名登记（凡补必进、先进后补）'),
  nameMismatch: defineRule('ROSTER_NAME_MISMATCH', article(27), '花名册中学员的姓名须与其身份证号码实名登记的姓名一致'),
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
  registeredByIdNumber: ReadonlyMap<string, RegisteredPerson>,
  options: { readonly mode: RosterImportMode; readonly maxReportedIssues: number },
): RegisteredRosterResult {
  const issues = [...report.issues];
  let issuesTruncated = report.issuesTruncated;
  const rows: StoredRosterRow[] = [];
  let refused = 0;
  const refuse = (issue: RosterIssue) => {
    refused += 1;
    if (issues.length < options.maxReportedIssues) issues.push(issue);
    else issuesTruncated = true;
  };
  for (const entry of report.accepted) {
    const person = registeredByIdNumber.get(entry.idNumber);
    const who = `${entry.name}（${maskResidentId(entry.idNumber)}）`;
    if (person === undefined) {
      const { code } = ROSTER_REGISTRATION_RULES.notRegistered;
      refuse({ row: entry.rowNumber, column: '身份证号码', code, message: ROSTER_REGISTRATION_RULES.notRegistered.violation(`第${entry.rowNumber}行：${who}尚未实名登记，请先登记。`).message });
      continue;
    }
    if (!sameRealName(entry.name, person.name)) {
      const { code } = ROSTER_REGISTRATION_RULES.nameMismatch;
      const finding = `第${entry.rowNumber}行：姓名“${entry.name}”与身份证号码${maskResidentId(entry.idNumber)}实名登记的姓名不一致，请核对本人姓名和身份证号码。`;
      refuse({ row: entry.rowNumber, column: '姓名', code, message: ROSTER_REGISTRATION_RULES.nameMismatch.violation(finding).message });
      continue;
    }
    const { traineeId } = person;
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
  const invalidRows = report.invalidRows + refused;
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
