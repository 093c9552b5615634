import { parse } from 'csv-parse/sync';
import { importFileUnreadable } from '../domain/errors';

/** XLSX files are zip archives: they start with `PK`. */
const isZip = (bytes: Buffer): boolean => bytes.length > 2 && bytes[0] === 0x50 && bytes[1] === 0x4b;

/**
 * The rows of an uploaded CSV (UTF-8, or GB18030 as Chinese Excel saves it) or XLSX file (its first
 * worksheet), each cell as text. Evaluation results are a few thousand rows at most, so the file is
 * read whole.
 */
export async function readSheet(bytes: Buffer): Promise<string[][]> {
  if (isZip(bytes)) {
    // Loaded when an XLSX arrives, not at every claims function's cold start.
    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.Workbook();
    try {
      await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    } catch {
      throw importFileUnreadable('XLSX 文件无法打开，请确认文件未损坏。');
    }
    const sheet = workbook.worksheets[0];
    if (sheet === undefined) throw importFileUnreadable('XLSX 文件中没有工作表。');
    const rows: string[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row) => {
      const values = Array.isArray(row.values) ? row.values.slice(1) : [];
      rows.push(values.map((value) => (value instanceof Date ? value.toISOString().slice(0, 10) : value === null || value === undefined ? '' : String(typeof value === 'object' && 'text' in value ? value.text : value))));
    });
    return rows;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('gb18030').decode(bytes);
  }
  try {
    return parse(text, { bom: true, relax_column_count: true, skip_empty_lines: false }) as string[][];
  } catch (error) {
    throw importFileUnreadable(`CSV 文件格式有误（${error instanceof Error ? error.message : String(error)}），请检查引号和分隔符。`);
  }
}
