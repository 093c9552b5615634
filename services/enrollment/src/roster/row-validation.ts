import {
  ageOn,
  chineseNameSchema,
  inspectResidentId,
  mobileNumberSchema,
  RESIDENT_ID_MESSAGES,
  type Sex,
  type TargetGroup,
} from '@peixun/shared';
import { TRAINEE_RULES } from '../classes/rules/trainee-rules';
import { article } from '../reference/articles';
import { CERTIFICATE_LEVEL_ALIASES, type CertificateLevel } from '../reference/certificate-levels';
import { defineRule, type Rule } from '../reference/rules';
import { type HeaderLayout, ROSTER_COLUMNS, type RosterColumn } from './columns';
import type { SheetCell, SheetRow } from './sheet-row';
import { parseTargetGroups } from './target-group-aliases';

/** One line of the import report: where (row, column), what (code) and why (Chinese, with the article). */
export interface RosterIssue {
  readonly row: number;
  /** The column header as the template names it; empty for a problem with the whole row or file. */
  readonly column: string;
  readonly code: string;
  readonly message: string;
}

/** A roster row that passed every check, ready for real-name registration or enrolment. */
export interface ImportedTrainee {
  readonly rowNumber: number;
  readonly name: string;
  readonly idNumber: string;
  readonly sex: Sex;
  readonly birthDate: string;
  readonly regionCode: string;
  readonly phone: string;
  readonly targetGroups: readonly TargetGroup[];
  readonly occupationCode?: string;
  readonly level?: CertificateLevel;
  readonly ruralLabourer?: boolean;
  readonly labourContractMonths?: number;
  readonly applicationFormId?: string;
}

export const ROSTER_ROW_RULES = {
  required: defineRule('ROSTER_VALUE_REQUIRED', article(23), '花名册须完整填写学员姓名、身份证号码、手机号码和人员类别'),
  name: defineRule('ROSTER_NAME_INVALID', article(27), '实名制培训须填写与身份证一致的姓名'),
  idAsNumber: defineRule('ROSTER_ID_NUMBER_STORED_AS_NUMBER', article(27), '实名制培训须填写完整准确的18位身份证号码'),
  phone: defineRule('ROSTER_PHONE_INVALID', article(23), '花名册须填写学员本人的11位手机号码'),
  groupUnknown: defineRule('ROSTER_TARGET_GROUP_UNKNOWN', article(15), '人员类别须为第十五条所列重点群体或企业职工'),
  level: defineRule('ROSTER_LEVEL_UNKNOWN', article(18, 1), '报考等级须为专项职业能力或五级至一级之一'),
  flag: defineRule('ROSTER_FLAG_INVALID', article(18, 2), '“是否农村劳动者”须填写“是”或“否”'),
  contract: defineRule('ROSTER_CONTRACT_MONTHS_INVALID', article(10), '劳动合同期限须填写整月数'),
  formId: defineRule('ROSTER_APPLICATION_FORM_ID_INVALID', article(23), '个人申请表编号不超过64个字符'),
} satisfies Record<string, Rule>;

export interface RowCheckOptions {
  /** For the ID number's "birth date not in the future" check. */
  readonly today: Date;
  /** When the class start is known, ages are checked at import already. */
  readonly ageCheck?: { readonly onDate: string; readonly minimum: number; readonly maximum: number };
}

const text = (cell: SheetCell | undefined): string => {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return String(cell).trim();
};

const YES = new Set(['是', 'Y', 'y', 'yes', '1', 'true', 'TRUE', '√']);
const NO = new Set(['否', 'N', 'n', 'no', '0', 'false', 'FALSE', '×']);

/**
 * Checks one data row on its own (duplicates across rows are the importer's job) and reports
 * every problem in it, column by column.
 */
export function validateRosterRow(row: SheetRow, layout: HeaderLayout, options: RowCheckOptions): { entry?: ImportedTrainee; issues: RosterIssue[] } {
  const issues: RosterIssue[] = [];
  const at = (column: RosterColumn): SheetCell | undefined => {
    const index = layout.positions.get(column);
    return index === undefined ? undefined : row.cells[index];
  };
  const report = (column: RosterColumn | '', rule: Rule, finding: string, code = rule.code): void => {
    const header = column === '' ? '' : ROSTER_COLUMNS[column].header;
    issues.push({ row: row.rowNumber, column: header, code, message: rule.violation(`第${row.rowNumber}行${header ? `“${header}”` : ''}：${finding}`).message });
  };
  const requireText = (column: RosterColumn): string | undefined => {
    const value = text(at(column));
    if (value === '') report(column, ROSTER_ROW_RULES.required, '未填写。');
    return value === '' ? undefined : value;
  };

  const name = requireText('name');
  if (name !== undefined && !chineseNameSchema.safeParse(name).success) report('name', ROSTER_ROW_RULES.name, `“${name}”不是有效的姓名。`);

  let identity: { idNumber: string; sex: Sex; birthDate: string; regionCode: string } | undefined;
  const rawId = at('idNumber');
  if (typeof rawId === 'number') {
    // Excel keeps 15 significant digits: the last digits of an ID stored as a number are lost for good.
    report('idNumber', ROSTER_ROW_RULES.idAsNumber, '身份证号码被 Excel 存成了数字，末几位已丢失，请将该列设为“文本”格式后重新填写。');
  } else {
    const idNumber = requireText('idNumber')?.replace(/^'/, '').replace(/\s/g, '');
    if (idNumber !== undefined) {
      const inspected = inspectResidentId(idNumber, options.today);
      if (inspected.ok) identity = { idNumber, ...inspected.facts };
      else {
        issues.push({
          row: row.rowNumber,
          column: ROSTER_COLUMNS.idNumber.header,
          code: inspected.problem,
          message: `${article(27).zh}规定：实名制培训须填写准确的身份证号码。第${row.rowNumber}行：${RESIDENT_ID_MESSAGES[inspected.problem]}`,
        });
      }
    }
  }

  const phone = requireText('phone');
  if (phone !== undefined && !mobileNumberSchema.safeParse(phone).success) report('phone', ROSTER_ROW_RULES.phone, `“${phone}”不是有效的手机号码。`);

  let targetGroups: TargetGroup[] = [];
  const groupsText = requireText('targetGroups');
  if (groupsText !== undefined) {
    const parsed = parseTargetGroups(groupsText);
    targetGroups = parsed.groups;
    if (parsed.unknown.length > 0) report('targetGroups', ROSTER_ROW_RULES.groupUnknown, `无法识别“${parsed.unknown.join('、')}”。`);
  }

  const occupationCode = text(at('occupationCode')) || undefined;
  const levelText = text(at('level'));
  const level = levelText === '' ? undefined : CERTIFICATE_LEVEL_ALIASES[levelText.replace(/\s/g, '')];
  if (levelText !== '' && level === undefined) report('level', ROSTER_ROW_RULES.level, `无法识别“${levelText}”。`);

  const ruralText = text(at('ruralLabourer'));
  const ruralLabourer = ruralText === '' ? undefined : YES.has(ruralText) ? true : NO.has(ruralText) ? false : undefined;
  if (ruralText !== '' && ruralLabourer === undefined) report('ruralLabourer', ROSTER_ROW_RULES.flag, `填写的是“${ruralText}”。`);

  const contractText = text(at('labourContractMonths'));
  const labourContractMonths = /^\d{1,3}$/.test(contractText) ? Number(contractText) : undefined;
  if (contractText !== '' && labourContractMonths === undefined) report('labourContractMonths', ROSTER_ROW_RULES.contract, `填写的是“${contractText}”。`);

  const applicationFormId = text(at('applicationFormId')) || undefined;
  if (applicationFormId !== undefined && applicationFormId.length > 64) report('applicationFormId', ROSTER_ROW_RULES.formId, `填写了${applicationFormId.length}个字符。`);

  if (identity !== undefined && options.ageCheck !== undefined) {
    const { onDate, minimum, maximum } = options.ageCheck;
    const age = ageOn(identity.birthDate, onDate);
    if (age < minimum) report('idNumber', TRAINEE_RULES.tooYoung, `开班日${onDate}该学员为${age}周岁。`);
    else if (age > maximum) report('idNumber', TRAINEE_RULES.tooOldLocal, `开班日${onDate}该学员为${age}周岁，上限为${maximum}周岁。`);
  }

  if (issues.length > 0 || identity === undefined || name === undefined || phone === undefined) return { issues };
  return {
    issues,
    entry: {
      rowNumber: row.rowNumber,
      name,
      ...identity,
      phone,
      targetGroups,
      ...(occupationCode === undefined ? {} : { occupationCode }),
      ...(level === undefined ? {} : { level }),
      ...(ruralLabourer === undefined ? {} : { ruralLabourer }),
      ...(labourContractMonths === undefined ? {} : { labourContractMonths }),
      ...(applicationFormId === undefined ? {} : { applicationFormId }),
    },
  };
}
