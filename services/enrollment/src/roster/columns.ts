import type { SheetCell } from './sheet-row';

/**
 * Columns of the roster template (培训开班学员花名册, Art. 23). Schools fill templates handed
 * down over years, so each column accepts the header spellings found in practice.
 */
export const ROSTER_COLUMNS = {
  name: { header: '姓名', aliases: ['姓名', '学员姓名'], required: true },
  idNumber: { header: '身份证号码', aliases: ['身份证号码', '身份证号', '公民身份号码', '证件号码', '身份证'], required: true },
  phone: { header: '手机号码', aliases: ['手机号码', '手机号', '联系电话', '联系方式', '电话'], required: true },
  targetGroups: { header: '人员类别', aliases: ['人员类别', '人员类型', '重点群体类别', '就业困难类别'], required: true },
  occupationCode: { header: '职业（工种）代码', aliases: ['职业（工种）代码', '职业代码', '工种代码'], required: false },
  level: { header: '报考等级', aliases: ['报考等级', '培训等级', '证书等级', '等级'], required: false },
  ruralLabourer: { header: '是否农村劳动者', aliases: ['是否农村劳动者', '农村劳动者', '是否合作社社员'], required: false },
  labourContractMonths: {
    header: '劳动合同期限（月）',
    aliases: ['劳动合同期限（月）', '劳动合同期限', '合同期限（月）', '合同期限'],
    required: false,
  },
  // The per-trainee application form (培训个人申请表, Art. 23) every class needs at submission: the
  // file number (`doc_…`) of the form the school uploaded (POST /documents). Taken as written;
  // submission refuses a value that is not a checked upload of the school, naming the roster row.
  applicationFormId: { header: '个人申请表编号', aliases: ['个人申请表编号', '个人申请表文件编号', '申请表编号', '培训申请表编号', '个人申请表'], required: false },
} as const;
export type RosterColumn = keyof typeof ROSTER_COLUMNS;

/** `姓名*`, ` 身份证号码 ` and `劳动合同期限(月)` all mean the same column. */
export function normaliseHeader(cell: SheetCell): string {
  return String(cell ?? '')
    .replace(/[\s\u3000]/g, '')
    .replace(/\(/g, '（')
    .replace(/\)/g, '）')
    .replace(/[*＊]/g, '');
}

const COLUMN_BY_ALIAS = new Map<string, RosterColumn>(
  (Object.keys(ROSTER_COLUMNS) as RosterColumn[]).flatMap((column) =>
    ROSTER_COLUMNS[column].aliases.map((alias) => [normaliseHeader(alias), column] as const),
  ),
);

export function columnForHeader(cell: SheetCell): RosterColumn | undefined {
  return COLUMN_BY_ALIAS.get(normaliseHeader(cell));
}

export interface HeaderLayout {
  readonly positions: ReadonlyMap<RosterColumn, number>;
  readonly missing: readonly RosterColumn[];
  readonly duplicated: readonly RosterColumn[];
}

export function layoutOf(cells: readonly SheetCell[]): HeaderLayout {
  const positions = new Map<RosterColumn, number>();
  const duplicated: RosterColumn[] = [];
  cells.forEach((cell, index) => {
    const column = columnForHeader(cell);
    if (column === undefined) return;
    if (positions.has(column)) duplicated.push(column);
    else positions.set(column, index);
  });
  const missing = (Object.keys(ROSTER_COLUMNS) as RosterColumn[]).filter((column) => ROSTER_COLUMNS[column].required && !positions.has(column));
  return { positions, missing, duplicated };
}

/** A header row names at least the person and the ID number; title rows above it do not. */
export function isHeaderRow(cells: readonly SheetCell[]): boolean {
  const columns = new Set(cells.map(columnForHeader));
  return columns.has('name') && columns.has('idNumber');
}
