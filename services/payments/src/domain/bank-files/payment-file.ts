import type { ControlTotals } from '../control-totals';

/**
 * The one canonical payment model every bank layout is written from: the paying office's
 * account, the control totals, and the lines in line-id order with the account in clear (the
 * file goes to the bank and to the write-once bucket, nowhere else).
 */
export interface PayingAccount {
  readonly name: string;
  readonly accountNumber: string;
  readonly bankName: string;
  /** CNAPS bank code (行号) of the paying account's branch. */
  readonly bankCode: string;
}

export interface PaymentFileHeader {
  /** GrpHdr/MsgId: the batch id, so exporting again names the same instruction. */
  readonly messageId: string;
  /** Fixed at the first export, so every export of the batch is byte-identical. */
  readonly createdAt: string;
  readonly executionDate: string;
  readonly payer: PayingAccount;
  readonly totals: ControlTotals;
  /** 汇款用途 / remittance purpose. */
  readonly purpose: string;
}

export interface PaymentFileLine {
  readonly paymentLineId: string;
  readonly amountFen: number;
  readonly creditorName: string;
  readonly creditorAccount: string;
  readonly creditorBank: string;
  /** Unstructured remittance text: the certificate number the money is for. */
  readonly remittance: string;
}

export const xmlEscape = (text: string): string =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[char] ?? char);
