import { resultFileMalformed } from '../errors';
import { fenOf } from '../money';
import { reasonText, type BankResult, type BankResultEntry } from './bank-result';
import { list, parseXml, path, required, text } from './xml-result';

export const CAMT054_NAMESPACE = 'urn:iso:std:iso:20022:tech:xsd:camt.054.001.08';

/**
 * camt.054 BankToCustomerDebitCreditNotification on the paying account: a booked debit is a
 * payment that left (PAID); a credit carrying return information, or a reversed debit, is money
 * that came back (RETURNED). Entries that are not booked yet are left out.
 */
export function readCamt054(bytes: Buffer): BankResult {
  const notification = path(parseXml(bytes), 'Document', 'BkToCstmrDbtCdtNtfctn');
  if (notification === undefined) throw resultFileMalformed('不是 camt.054 借贷记通知（缺少 BkToCstmrDbtCdtNtfctn）。');
  const entries: BankResultEntry[] = [];
  for (const account of list(path(notification, 'Ntfctn'))) {
    for (const entry of list(path(account, 'Ntry'))) {
      if (text(path(entry, 'Sts', 'Cd')) !== 'BOOK') continue;
      const direction = required(path(entry, 'CdtDbtInd'), 'Ntry/CdtDbtInd');
      const reversal = text(path(entry, 'RvslInd')) === 'true';
      for (const details of list(path(entry, 'NtryDtls'))) {
        for (const tx of list(path(details, 'TxDtls'))) {
          const endToEndId = required(path(tx, 'Refs', 'EndToEndId'), 'TxDtls/Refs/EndToEndId');
          const amount = text(path(tx, 'Amt')) ?? text(path(entry, 'Amt'));
          const amountFen = amount === undefined ? undefined : fenOf(amount);
          if (amountFen === undefined) throw resultFileMalformed(`${endToEndId} 缺少有效金额。`);
          const returnInfo = path(tx, 'RtrInf');
          const returned = reversal || direction === 'CRDT' || returnInfo !== undefined;
          const reasonCode = text(path(returnInfo, 'Rsn', 'Cd'));
          const narrative = list(path(returnInfo, 'AddtlInf')).map(text).filter((value) => value !== undefined).join('');
          const account = text(path(tx, 'RltdPties', 'CdtrAcct', 'Id', 'Othr', 'Id'));
          entries.push({
            endToEndId,
            outcome: returned ? 'RETURNED' : 'PAID',
            amountFen,
            ...(account === undefined ? {} : { account }),
            ...(returned ? { reasonCode: reasonCode ?? 'NARR', reason: reasonText(reasonCode, narrative) } : {}),
          });
        }
      }
    }
  }
  return { format: 'camt.054', messageId: required(path(notification, 'GrpHdr', 'MsgId'), 'GrpHdr/MsgId'), entries };
}
