import { parse } from 'csv-parse/sync';
import { createHash } from 'node:crypto';
import { resultFileMalformed } from '../errors';
import { fenOf } from '../money';
import type { BankResult, BankResultEntry } from './bank-result';
import { decodeGbk } from './gbk';

/** The result layout banks hand back for a 批量代发 file: the sent columns plus the outcome. */
export const RESULT_CSV_COLUMNS = ['收款账号', '收款账号名称', '金额', '处理结果', '失败原因', '备注'] as const;
const SUCCESS = new Set(['成功', '交易成功']);
const FAILURE = new Set(['失败', '交易失败']);
const RETURN = new Set(['退回', '退汇']);

/** UTF-8 when the bytes are valid UTF-8, GBK otherwise (what bank portals download). */
function decode(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return decodeGbk(bytes);
  }
}

/** Reads the whole file or refuses it: one unreadable row and nothing is applied. */
export function readResultCsv(bytes: Buffer): BankResult {
  let rows: string[][];
  try {
    rows = parse(decode(bytes), { relax_column_count: false, skip_empty_lines: true, trim: true }) as string[][];
  } catch (error) {
    throw resultFileMalformed(`CSV 无法解析（${error instanceof Error ? error.message : String(error)}）。`);
  }
  const [head, ...body] = rows;
  if (head === undefined || RESULT_CSV_COLUMNS.some((column, index) => head[index] !== column)) {
    throw resultFileMalformed(`表头应为「${RESULT_CSV_COLUMNS.join(',')}」。`);
  }
  if (body.length === 0) throw resultFileMalformed('文件中没有任何结果行。');
  const entries = body.map((row, index): BankResultEntry => {
    const [account = '', , amount = '', outcome = '', reason = '', endToEndId = ''] = row;
    const where = `第 ${index + 2} 行`;
    const amountFen = fenOf(amount);
    if (amountFen === undefined || !/^\d+\.\d{2}$/.test(amount)) throw resultFileMalformed(`${where}金额「${amount}」应为保留两位小数的元。`);
    if (endToEndId === '') throw resultFileMalformed(`${where}缺少备注（付款明细编号）。`);
    if (SUCCESS.has(outcome)) return { endToEndId, outcome: 'PAID', amountFen, account };
    if (FAILURE.has(outcome) || RETURN.has(outcome)) {
      return { endToEndId, outcome: FAILURE.has(outcome) ? 'FAILED' : 'RETURNED', amountFen, account, reasonCode: 'NARR', reason: reason === '' ? '银行未说明原因' : reason };
    }
    throw resultFileMalformed(`${where}处理结果「${outcome}」应为 成功、失败 或 退回。`);
  });
  return { format: 'csv', messageId: `csv-${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}`, entries };
}
