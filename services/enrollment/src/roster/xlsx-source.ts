import { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { RosterFileUnreadable, type SheetCell, type SheetRow } from './sheet-row';

/**
 * Streams the first worksheet of an XLSX roster row by row with exceljs's streaming reader, so
 * memory stays flat however long the roster is. Only values are read: styles, images and other
 * sheets (schools often keep instructions there) are ignored.
 */
export function cellValue(value: ExcelJS.CellValue): SheetCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('hyperlink' in value) return value.text;
  if ('formula' in value || 'sharedFormula' in value) {
    const result = value.result;
    if (result === undefined) return null;
    return typeof result === 'object' && !(result instanceof Date) ? result.error : result;
  }
  if ('error' in value) return value.error;
  return null;
}

/**
 * exceljs 4.4.0's streaming reader decodes every zip chunk as UTF-8 on its own, so a Chinese
 * character cut by a chunk boundary turns into "��" (exceljs issues #2063, #2084, unfixed
 * upstream). Names are exactly what a roster must not garble, so the reader used here decodes
 * the XML parts with a streaming decoder before they reach exceljs's parser. It hooks two
 * internal methods; `roster-import.test.ts` guards the behaviour if exceljs changes.
 */
interface WorkbookReaderInternals {
  _parseSharedStrings(entry: NodeJS.ReadableStream): AsyncGenerator<unknown>;
  _parseWorksheet(iterator: AsyncIterable<Uint8Array | string>, sheetNo: string): Generator<unknown>;
}

async function* utf8Text(chunks: AsyncIterable<Uint8Array | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of chunks) yield typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
  const rest = decoder.decode();
  if (rest !== '') yield rest;
}

type WorkbookReaderClass = typeof ExcelJS.stream.xlsx.WorkbookReader;
let readerClass: Promise<WorkbookReaderClass> | undefined;

/**
 * exceljs is loaded when the first XLSX arrives, not at cold start: evaluating it costs the
 * function's init more than everything else together (`npm run bench:coldstart`), and CSV
 * rosters never need it.
 */
function utf8SafeWorkbookReader(): Promise<WorkbookReaderClass> {
  readerClass ??= import('exceljs').then(({ default: excel }) => {
    class Utf8SafeWorkbookReader extends excel.stream.xlsx.WorkbookReader {}
    const base = excel.stream.xlsx.WorkbookReader.prototype as unknown as WorkbookReaderInternals;
    const patched = Utf8SafeWorkbookReader.prototype as unknown as WorkbookReaderInternals;
    patched._parseSharedStrings = function parseSharedStrings(this: WorkbookReaderInternals, entry) {
      // Node's string decoder keeps a character cut at a chunk end for the next chunk.
      entry.setEncoding('utf8');
      return base._parseSharedStrings.call(this, entry);
    };
    patched._parseWorksheet = function parseWorksheet(this: WorkbookReaderInternals, iterator, sheetNo) {
      return base._parseWorksheet.call(this, utf8Text(iterator), sheetNo);
    };
    return Utf8SafeWorkbookReader;
  });
  return readerClass;
}

export async function* readXlsxRows(source: AsyncIterable<Uint8Array> | Readable): AsyncGenerator<SheetRow> {
  const Utf8SafeWorkbookReader = await utf8SafeWorkbookReader();
  const input = source instanceof Readable ? source : Readable.from(source);
  const workbook = new Utf8SafeWorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'ignore',
  });
  try {
    for await (const worksheet of workbook) {
      for await (const row of worksheet) {
        const values = Array.isArray(row.values) ? row.values : [];
        // exceljs rows are 1-based: index 0 is always empty.
        const cells: SheetCell[] = [];
        for (let i = 1; i < values.length; i += 1) cells.push(cellValue(values[i]));
        yield { rowNumber: row.number, cells };
      }
      return;
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new RosterFileUnreadable('ROSTER_FILE_UNREADABLE', `无法读取 Excel 文件（${message}），请确认上传的是 .xlsx 格式。`);
  } finally {
    input.destroy();
  }
}
