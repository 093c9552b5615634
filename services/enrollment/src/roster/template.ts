import { checkCharacter } from '@peixun/shared';
import { ROSTER_COLUMNS, type RosterColumn } from './columns';
import { acceptedTargetGroupLabels } from './target-group-aliases';

/**
 * The roster template schools download (培训开班学员花名册): the headers the import reads, in
 * order, one sample row and the 人员类别 words it accepts. The sample is a made-up person: it
 * fails the real-name check if imported as is, which is the point of replacing it.
 */
const COLUMNS = Object.keys(ROSTER_COLUMNS) as RosterColumn[];

const sampleIdNumber = (): string => {
  const first17 = '52010219900515001';
  return `${first17}${checkCharacter(first17)}`;
};

export const ROSTER_TEMPLATE_SAMPLE: Readonly<Record<RosterColumn, string>> = {
  name: '张三',
  idNumber: sampleIdNumber(),
  phone: '13812345678',
  targetGroups: '农村转移劳动者、退役军人',
  occupationCode: '4-03-02-01',
  level: '五级',
  ruralLabourer: '是',
  labourContractMonths: '',
  // The id POST /documents answered for the uploaded form (a paper form's number is refused at submission).
  applicationFormId: 'doc_0123456789abcdefghjkmnpqrs',
};

const headerOf = (column: RosterColumn): string => `${ROSTER_COLUMNS[column].header}${ROSTER_COLUMNS[column].required ? '*' : ''}`;

const targetGroupHint = (): string => `人员类别（多个用顿号分隔）可填：${acceptedTargetGroupLabels().map((entry) => entry.label).join('、')}`;

const csvCell = (value: string): string => (/[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

/** UTF-8 with a BOM so Excel opens it as such; a title line above the header (the import skips it). */
export function rosterTemplateCsv(): Buffer {
  const lines = [
    [`培训开班学员花名册（带*为必填；${targetGroupHint()}）`],
    COLUMNS.map(headerOf),
    COLUMNS.map((column) => ROSTER_TEMPLATE_SAMPLE[column]),
  ];
  return Buffer.from(`\uFEFF${lines.map((cells) => cells.map(csvCell).join(',')).join('\r\n')}\r\n`, 'utf8');
}

/** Sheet 1 is the roster (ID numbers as text, so Excel never turns them into 5.2E+17); sheet 2 lists the 人员类别. */
export async function rosterTemplateXlsx(): Promise<Buffer> {
  // Loaded on demand: the CSV template and the function's cold start do without exceljs.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  const roster = workbook.addWorksheet('花名册');
  roster.columns = COLUMNS.map((column) => ({ header: headerOf(column), key: column, width: column === 'idNumber' ? 22 : 16, style: { numFmt: '@' } }));
  roster.addRow(ROSTER_TEMPLATE_SAMPLE);
  roster.getRow(1).font = { bold: true };
  const groups = workbook.addWorksheet('人员类别');
  groups.columns = [
    { header: '人员类别（填写此列或后列任一写法）', key: 'label', width: 40 },
    { header: '也可写作', key: 'also', width: 40 },
  ];
  for (const entry of acceptedTargetGroupLabels()) groups.addRow({ label: entry.label, also: entry.alsoAccepted.join('、') });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
