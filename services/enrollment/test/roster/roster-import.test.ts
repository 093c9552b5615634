import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readCsvRows } from '../../src/roster/csv-source';
import { importRoster, type RosterImportOptions } from '../../src/roster/import-roster';
import { readXlsxRows } from '../../src/roster/xlsx-source';
import { chineseName, residentId } from '../support/issue3-fixtures';

const HEADER = ['序号', '姓名', '身份证号码', '手机号码', '人员类别', '报考等级'];
const options = (overrides: Partial<RosterImportOptions> = {}): RosterImportOptions => ({
  mode: 'ALL_OR_NOTHING',
  maxRows: 20_000,
  maxReportedIssues: 5_000,
  today: new Date('2025-05-20T00:00:00+08:00'),
  ...overrides,
});

/** Distinct, valid IDs for thousands of rows: birth dates move on as sequences run out. */
function validRow(i: number): string[] {
  const birth = new Date(Date.UTC(1970, 0, 1) + Math.floor(i / 500) * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
  return [String(i), chineseName(i), residentId('520102', birth, (i % 500) + 100), `139${String(10_000_000 + i).slice(-8)}`, '农村转移劳动者、退役军人', '初级工'];
}

const csvText = (rows: readonly (readonly string[])[]): string => rows.map((cells) => cells.map((c) => (/[",\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(',')).join('\r\n');

async function* chunks(bytes: Uint8Array, size = 4096): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < bytes.length; offset += size) yield bytes.subarray(offset, offset + size);
}

const utf8 = (text: string, bom = true): Uint8Array => new Uint8Array([...(bom ? [0xef, 0xbb, 0xbf] : []), ...new TextEncoder().encode(text)]);

/** GB18030 bytes for test data, built by reversing the platform decoder (no iconv needed). */
let gbTable: Map<string, number[]> | undefined;
function gb18030(text: string): Uint8Array {
  if (gbTable === undefined) {
    gbTable = new Map();
    const decoder = new TextDecoder('gb18030');
    for (let lead = 0x81; lead <= 0xfe; lead += 1) {
      for (let trail = 0x40; trail <= 0xfe; trail += 1) {
        if (trail === 0x7f) continue;
        const char = decoder.decode(new Uint8Array([lead, trail]));
        if (char.length === 1 && !gbTable.has(char)) gbTable.set(char, [lead, trail]);
      }
    }
  }
  const table = gbTable;
  return new Uint8Array([...text].flatMap((char) => (char.charCodeAt(0) < 0x80 ? [char.charCodeAt(0)] : (table.get(char) ?? [0x3f]))));
}

async function xlsx(build: (sheet: ExcelJS.Worksheet) => void): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  build(workbook.addWorksheet('花名册'));
  workbook.addWorksheet('填表说明').addRow(['本页为说明，不导入']);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

describe('roster import (花名册)', () => {
  it('Art. 23: a clean CSV roster (UTF-8 with BOM) is imported whole', async () => {
    const report = await importRoster(readCsvRows(chunks(utf8(csvText([HEADER, validRow(1), validRow(2), validRow(3)])))), options());
    expect(report).toMatchObject({ outcome: 'IMPORTED', totalRows: 3, validRows: 3, invalidRows: 0, issues: [] });
    expect(report.accepted[0]).toMatchObject({
      rowNumber: 2,
      name: chineseName(1),
      // Sequence 101 is odd: male (GB 11643).
      sex: 'male',
      birthDate: '1970-01-01',
      regionCode: '520102',
      targetGroups: ['RURAL_MIGRANT_WORKER', 'VETERAN'],
      level: 'LEVEL_5',
    });
  });

  it('Art. 27: the per-row report gives row number, column, code and a Chinese message', async () => {
    const badCheck = validRow(3);
    badCheck[2] = `${badCheck[2]!.slice(0, 17)}${badCheck[2]!.endsWith('0') ? '1' : '0'}`;
    const lowerX = ['4', '周芳', '11010519491231002x', '13900000004', '城镇登记失业人员', ''];
    const rows = [HEADER, validRow(1), validRow(2), badCheck, lowerX, ['5', '', validRow(5)[2]!, '1390000', '外星人', '特级']];
    const report = await importRoster(readCsvRows(chunks(utf8(csvText(rows)))), options());
    expect(report.outcome).toBe('REJECTED');
    expect(report.accepted).toEqual([]);
    expect(report).toMatchObject({ totalRows: 5, validRows: 2, invalidRows: 3 });
    expect(report.issues.map((i) => [i.row, i.column, i.code])).toEqual([
      [4, '身份证号码', 'RESIDENT_ID_CHECK_DIGIT'],
      [5, '身份证号码', 'RESIDENT_ID_LOWERCASE_X'],
      [6, '姓名', 'ROSTER_VALUE_REQUIRED'],
      [6, '手机号码', 'ROSTER_PHONE_INVALID'],
      [6, '人员类别', 'ROSTER_TARGET_GROUP_UNKNOWN'],
      [6, '报考等级', 'ROSTER_LEVEL_UNKNOWN'],
    ]);
    expect(report.issues[0]?.message).toContain('第二十七条');
    expect(report.issues[0]?.message).toContain('第4行');
    expect(report.issues[4]?.message).toContain('外星人');
  });

  it('"import the valid rows" imports them and reports the rest', async () => {
    const rows = [HEADER, validRow(1), ['2', '王芳', '123', '13900000002', '退役军人', ''], validRow(3)];
    const report = await importRoster(readCsvRows(chunks(utf8(csvText(rows)))), options({ mode: 'VALID_ROWS' }));
    expect(report.outcome).toBe('PARTIALLY_IMPORTED');
    expect(report.accepted.map((entry) => entry.rowNumber)).toEqual([2, 4]);
    expect(report.issues.map((i) => [i.row, i.code])).toEqual([[3, 'RESIDENT_ID_FORMAT']]);
  });

  it('Art. 23: the same ID number twice is reported against the first row', async () => {
    const rows = [HEADER, validRow(1), validRow(2), validRow(1)];
    const report = await importRoster(readCsvRows(chunks(utf8(csvText(rows)))), options());
    expect(report.issues).toHaveLength(1);
    expect(report.issues[0]).toMatchObject({ row: 4, column: '身份证号码', code: 'ROSTER_DUPLICATE_ID_NUMBER' });
    expect(report.issues[0]?.message).toContain('与第2行重复');
    expect(report.issues[0]?.message).not.toContain(validRow(1)[2]);
  });

  it('a GB18030 (GBK) CSV saved by Excel is recognised, even cut into odd chunks', async () => {
    const bytes = gb18030(csvText([HEADER, validRow(1), validRow(2)]));
    const report = await importRoster(readCsvRows(chunks(bytes, 7)), options());
    expect(report.outcome).toBe('IMPORTED');
    expect(report.accepted.map((entry) => entry.name)).toEqual([chineseName(1), chineseName(2)]);
  });

  it('an XLSX roster with a title row, text and number cells reports the rows Excel shows', async () => {
    const bytes = await xlsx((sheet) => {
      sheet.addRow(['2025年第3期中式烹调师培训班花名册']);
      sheet.addRow(['序号', '姓名*', '身份证号码*', '手机号码*', '人员类别*', '报考等级']);
      sheet.addRow(validRow(1));
      sheet.addRow([2, { richText: [{ text: '李' }, { text: '敏' }] }, validRow(2)[2], 13900000002, '就业困难人员', '四级']);
      sheet.addRow([3, '赵强', 520102197001010123, '13900000003', '退役军人', '']);
    });
    const report = await importRoster(readXlsxRows(chunks(bytes)), options({ mode: 'VALID_ROWS' }));
    expect(report.accepted.map((entry) => [entry.rowNumber, entry.name, entry.phone, entry.level])).toEqual([
      [3, chineseName(1), validRow(1)[3], 'LEVEL_5'],
      [4, '李敏', '13900000002', 'LEVEL_4'],
    ]);
    expect(report.issues).toEqual([
      expect.objectContaining({ row: 5, column: '身份证号码', code: 'ROSTER_ID_NUMBER_STORED_AS_NUMBER', message: expect.stringContaining('文本') }),
    ]);
  });

  it('Art. 27: Chinese names cut by zip chunk boundaries arrive intact (exceljs streaming bug worked around)', async () => {
    // Distinct three-character names: shared strings then span several 16 KiB inflate chunks.
    const given = '芳敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂';
    const rows = Array.from({ length: 3_000 }, (_, i) => {
      const cells = validRow(i + 1);
      cells[1] = `${chineseName(i)}${given[Math.floor(i / 400) % given.length] ?? ''}${given[i % 17] ?? ''}`.slice(0, 3);
      return cells;
    });
    expect(new Set(rows.map((cells) => cells[1])).size).toBeGreaterThan(2_000);
    const bytes = await xlsx((sheet) => {
      sheet.addRow(HEADER);
      for (const cells of rows) sheet.addRow(cells);
    });
    const report = await importRoster(readXlsxRows(chunks(bytes, 997)), options());
    expect(report.issues).toEqual([]);
    expect(report.accepted.map((entry) => entry.name)).toEqual(rows.map((cells) => cells[1]));
    expect(JSON.stringify(report.accepted)).not.toContain('\uFFFD');
  });

  it('Art. 23: a file without the required columns is refused as a whole', async () => {
    const report = await importRoster(readCsvRows(chunks(utf8(csvText([['姓名', '身份证号码'], validRow(1).slice(1, 3)])))), options({ mode: 'VALID_ROWS' }));
    expect(report.outcome).toBe('REJECTED');
    expect(report.issues).toEqual([expect.objectContaining({ row: 1, code: 'ROSTER_MISSING_COLUMN', message: expect.stringContaining('“手机号码”、“人员类别”') })]);
  });

  it('Art. 23: files with no header or no rows are refused', async () => {
    const noHeader = await importRoster(readCsvRows(chunks(utf8(csvText(Array.from({ length: 12 }, (_, i) => [`说明${i}`]))))), options());
    expect(noHeader.issues.map((i) => i.code)).toEqual(['ROSTER_HEADER_NOT_FOUND']);
    const noRows = await importRoster(readCsvRows(chunks(utf8(csvText([HEADER, ['', '', '', '', '', '']])))), options());
    expect(noRows.issues.map((i) => i.code)).toEqual(['ROSTER_NO_ROWS']);
  });

  it('a file above the row limit is refused without reading on', async () => {
    const rows = [HEADER, ...Array.from({ length: 30 }, (_, i) => validRow(i + 1))];
    const report = await importRoster(readCsvRows(chunks(utf8(csvText(rows)))), options({ maxRows: 25, mode: 'VALID_ROWS' }));
    expect(report.outcome).toBe('REJECTED');
    expect(report.issues.at(-1)).toMatchObject({ row: 27, code: 'ROSTER_TOO_MANY_ROWS' });
  });

  it('a broken XLSX file is reported, not thrown', async () => {
    const report = await importRoster(readXlsxRows(chunks(utf8('这不是Excel文件', false))), options());
    expect(report.issues.map((i) => i.code)).toEqual(['ROSTER_FILE_UNREADABLE']);
  });

  it('law: with the class start date known, trainees under 16 are caught at import', async () => {
    const young = validRow(1);
    young[2] = residentId('520102', '20100101', 123);
    const report = await importRoster(
      readCsvRows(chunks(utf8(csvText([HEADER, young])))),
      options({ ageCheck: { onDate: '2025-06-02', minimum: 16, maximum: 60 } }),
    );
    expect(report.issues).toEqual([expect.objectContaining({ row: 2, code: 'TRAINEE_TOO_YOUNG', message: expect.stringContaining('15周岁') })]);
  });

  it('thousands of rows stream through, and the issue list is capped', async () => {
    const rows = [HEADER, ...Array.from({ length: 5_000 }, (_, i) => validRow(i + 1))];
    const good = await importRoster(readCsvRows(chunks(utf8(csvText(rows)), 1024)), options());
    expect(good).toMatchObject({ outcome: 'IMPORTED', validRows: 5_000 });
    const bad = [HEADER, ...Array.from({ length: 300 }, (_, i) => [String(i), '王芳', 'x', '1', '?', ''])];
    const capped = await importRoster(readCsvRows(chunks(utf8(csvText(bad)))), options({ maxReportedIssues: 100 }));
    expect(capped).toMatchObject({ invalidRows: 300, issuesTruncated: true });
    expect(capped.issues).toHaveLength(100);
  });
});
