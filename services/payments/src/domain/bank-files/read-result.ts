import { resultFileMalformed } from '../errors';
import type { BankResult } from './bank-result';
import { CAMT054_NAMESPACE, readCamt054 } from './camt054';
import { PAIN002_NAMESPACES, readPain002 } from './pain002';
import { readResultCsv } from './result-csv';
import { documentNamespace } from './xml-result';

/** Tells the layout from the bytes: an ISO 20022 Document by its namespace, anything else as the CSV layout. */
export function readBankResult(bytes: Buffer): BankResult {
  if (bytes.length === 0) throw resultFileMalformed('文件为空。');
  const head = bytes.subarray(0, 64).toString('utf8').trimStart();
  if (!head.startsWith('<')) return readResultCsv(bytes);
  const namespace = documentNamespace(bytes);
  if (namespace !== undefined && PAIN002_NAMESPACES.includes(namespace)) return readPain002(bytes);
  if (namespace === CAMT054_NAMESPACE) return readCamt054(bytes);
  throw resultFileMalformed(`不支持的报文类型（${namespace ?? '无命名空间'}）：请导入 pain.002、camt.054.001.08 或银行结果 CSV。`);
}
