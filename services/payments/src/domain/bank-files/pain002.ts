import { resultFileMalformed } from '../errors';
import { fenOf } from '../money';
import { reasonText, type BankResult, type BankResultEntry } from './bank-result';
import { list, parseXml, path, required, text } from './xml-result';

/** Versions whose transaction status part our reader understands (identical for what we read). */
export const PAIN002_NAMESPACES = ['urn:iso:std:iso:20022:tech:xsd:pain.002.001.10', 'urn:iso:std:iso:20022:tech:xsd:pain.002.001.11'];

const ACCEPTED = new Set(['ACSC', 'ACCC', 'ACWC']);
const REJECTED = new Set(['RJCT']);

function amountOf(value: string | undefined, where: string): number | undefined {
  if (value === undefined) return undefined;
  const fen = fenOf(value);
  if (fen === undefined) throw resultFileMalformed(`${where} 的金额「${value}」不是有效金额。`);
  return fen;
}

/**
 * pain.002 CustomerPaymentStatusReport: the group's original message id, count and control sum
 * (checked against the batch before anything is applied) and one status per transaction.
 * Statuses that are not final (ACTC, PDNG…) are left out: the line stays open.
 */
export function readPain002(bytes: Buffer): BankResult {
  const report = path(parseXml(bytes), 'Document', 'CstmrPmtStsRpt');
  if (report === undefined) throw resultFileMalformed('不是 pain.002 付款状态报告（缺少 CstmrPmtStsRpt）。');
  const group = path(report, 'OrgnlGrpInfAndSts');
  const originalMessageId = required(path(group, 'OrgnlMsgId'), 'OrgnlGrpInfAndSts/OrgnlMsgId');
  const countText = text(path(group, 'OrgnlNbOfTxs'));
  if (countText !== undefined && !/^\d{1,15}$/.test(countText)) throw resultFileMalformed(`OrgnlNbOfTxs「${countText}」不是笔数。`);
  const entries: BankResultEntry[] = [];
  for (const payment of list(path(report, 'OrgnlPmtInfAndSts'))) {
    for (const tx of list(path(payment, 'TxInfAndSts'))) {
      const endToEndId = required(path(tx, 'OrgnlEndToEndId'), 'TxInfAndSts/OrgnlEndToEndId');
      const status = required(path(tx, 'TxSts'), 'TxInfAndSts/TxSts');
      if (!ACCEPTED.has(status) && !REJECTED.has(status)) continue;
      const reason = list(path(tx, 'StsRsnInf'))[0];
      const reasonCode = text(path(reason, 'Rsn', 'Cd'));
      const narrative = list(path(reason, 'AddtlInf')).map(text).filter((value) => value !== undefined).join('');
      const amountFen = amountOf(text(path(tx, 'OrgnlTxRef', 'Amt', 'InstdAmt')), endToEndId);
      const account = text(path(tx, 'OrgnlTxRef', 'CdtrAcct', 'Id', 'Othr', 'Id'));
      entries.push({
        endToEndId,
        outcome: ACCEPTED.has(status) ? 'PAID' : 'FAILED',
        ...(amountFen === undefined ? {} : { amountFen }),
        ...(account === undefined ? {} : { account }),
        ...(REJECTED.has(status) ? { reasonCode: reasonCode ?? 'NARR', reason: reasonText(reasonCode, narrative) } : {}),
      });
    }
  }
  return {
    format: 'pain.002',
    messageId: required(path(report, 'GrpHdr', 'MsgId'), 'GrpHdr/MsgId'),
    originalMessageId,
    ...(countText === undefined ? {} : { originalCount: Number(countText) }),
    ...(text(path(group, 'OrgnlCtrlSum')) === undefined ? {} : { originalSumFen: amountOf(text(path(group, 'OrgnlCtrlSum')), 'OrgnlCtrlSum') }),
    entries,
  };
}
