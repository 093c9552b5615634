import { yuanOf } from '../money';
import { encodeGbk } from './gbk';
import type { PaymentFileHeader, PaymentFileLine } from './payment-file';

/** The columns Chinese banks' 批量代发 templates share; 备注 carries the payment line id back in the result file. */
export const BATCH_CSV_COLUMNS = ['付款账号', '付款账号名称', '收款账号开户行', '收款账号', '收款账号名称', '金额', '汇款用途', '备注'] as const;

export type CsvEncoding = 'GBK' | 'UTF-8';

/** A field is quoted only when it must be (RFC 4180), so account numbers stay plain digits for the bank's importer. */
const field = (value: string): string => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
const row = (values: readonly string[]): string => `${values.map(field).join(',')}\r\n`;

/** 批量代发 CSV: one row per line, amounts in yuan with exactly two decimals, GBK (most bank portals) or UTF-8. */
export async function* batchCsv(
  header: PaymentFileHeader,
  lines: AsyncIterable<PaymentFileLine> | Iterable<PaymentFileLine>,
  encoding: CsvEncoding,
): AsyncGenerator<Buffer> {
  const encode = (text: string): Buffer => (encoding === 'GBK' ? encodeGbk(text) : Buffer.from(text, 'utf8'));
  yield encode(row(BATCH_CSV_COLUMNS));
  let chunk = '';
  let inChunk = 0;
  for await (const line of lines) {
    chunk += row([
      header.payer.accountNumber,
      header.payer.name,
      line.creditorBank,
      line.creditorAccount,
      line.creditorName,
      yuanOf(line.amountFen),
      header.purpose,
      line.paymentLineId,
    ]);
    inChunk += 1;
    if (inChunk === 500) {
      yield encode(chunk);
      chunk = '';
      inChunk = 0;
    }
  }
  if (chunk !== '') yield encode(chunk);
}
