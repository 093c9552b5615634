import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { RosterFileUnreadable, type SheetRow } from './sheet-row';

/**
 * Streams a CSV roster row by row. Excel in Chinese Windows saves "CSV" as GB18030 (GBK)
 * unless told otherwise, so `auto` looks at the start of the file: valid UTF-8 (with or
 * without BOM) is read as UTF-8, anything else as GB18030.
 */
export type CsvEncoding = 'auto' | 'utf-8' | 'gb18030';

const SNIFF_BYTES = 64 * 1024;

function looksLikeUtf8(bytes: Uint8Array): boolean {
  try {
    // stream: true tolerates a multi-byte character cut at the end of the sample.
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

async function* decode(source: AsyncIterable<Uint8Array | string>, encoding: CsvEncoding): AsyncGenerator<string> {
  let decoder: TextDecoder | undefined = encoding === 'auto' ? undefined : new TextDecoder(encoding, { fatal: true });
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  const flushWith = (chosen: TextDecoder): string => {
    const joined = Buffer.concat(pending);
    pending = [];
    pendingBytes = 0;
    return chosen.decode(joined, { stream: true });
  };
  try {
    for await (const chunk of source) {
      if (typeof chunk === 'string') {
        yield chunk;
        continue;
      }
      if (decoder === undefined) {
        pending.push(chunk);
        pendingBytes += chunk.byteLength;
        if (pendingBytes < SNIFF_BYTES) continue;
        decoder = new TextDecoder(looksLikeUtf8(Buffer.concat(pending)) ? 'utf-8' : 'gb18030', { fatal: true });
        yield flushWith(decoder);
        continue;
      }
      yield decoder.decode(chunk, { stream: true });
    }
    if (decoder === undefined) decoder = new TextDecoder(looksLikeUtf8(Buffer.concat(pending)) ? 'utf-8' : 'gb18030', { fatal: true });
    if (pendingBytes > 0) yield flushWith(decoder);
    yield decoder.decode();
  } catch (error) {
    if (error instanceof TypeError) {
      throw new RosterFileUnreadable('ROSTER_ENCODING_INVALID', '花名册文件的文字编码无法识别或前后不一致，请另存为“CSV UTF-8”格式后重新上传。');
    }
    throw error;
  }
}

export async function* readCsvRows(source: AsyncIterable<Uint8Array | string>, options: { encoding?: CsvEncoding } = {}): AsyncGenerator<SheetRow> {
  const input = Readable.from(decode(source, options.encoding ?? 'auto'));
  // Rows keep their positions (no empty-line skipping) so row numbers match what Excel shows.
  const parser = parse({ bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, info: true });
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { records: number } }>) {
      yield { rowNumber: item.info.records, cells: item.record };
    }
  } catch (error) {
    if (error instanceof RosterFileUnreadable) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new RosterFileUnreadable('ROSTER_FILE_UNREADABLE', `CSV 文件格式有误（${message}），请检查引号和分隔符。`);
  } finally {
    input.destroy();
  }
}
