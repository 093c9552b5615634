/**
 * What a bank file says about our lines, whatever its layout: per EndToEndId, paid, failed or
 * returned, with the amount (and account, where the layout states it) to check against the line.
 */
export type BankOutcome = 'PAID' | 'FAILED' | 'RETURNED';

export interface BankResultEntry {
  readonly endToEndId: string;
  readonly outcome: BankOutcome;
  /** Undefined where the layout does not repeat it (pain.002 without OrgnlTxRef). */
  readonly amountFen?: number;
  readonly account?: string;
  readonly reasonCode?: string;
  readonly reason?: string;
}

export const RESULT_FORMATS = ['pain.002', 'camt.054', 'csv'] as const;
export type ResultFormat = (typeof RESULT_FORMATS)[number];

export interface BankResult {
  readonly format: ResultFormat;
  /** The bank's own message id, for the import record. */
  readonly messageId: string;
  /** pain.002: OrgnlGrpInfAndSts/OrgnlMsgId; camt.054 and CSV: undefined (matched line by line). */
  readonly originalMessageId?: string;
  readonly originalCount?: number;
  readonly originalSumFen?: number;
  readonly entries: readonly BankResultEntry[];
}

/** Reason codes (ISO ExternalStatusReason1Code / ExternalReturnReason1Code) in the words finance staff read. */
const REASONS: Readonly<Record<string, string>> = {
  AC01: '收款账号有误',
  AC04: '收款账户已销户',
  AC06: '收款账户已冻结',
  AG01: '该账户不允许此类交易',
  AM04: '付款账户余额不足',
  BE01: '户名与账号不符',
  MD07: '收款人已身故',
  MS03: '银行未说明原因',
  NARR: '见银行说明',
};

export const reasonText = (code: string | undefined, narrative: string | undefined): string =>
  narrative !== undefined && narrative !== '' ? narrative : (REASONS[code ?? ''] ?? `银行原因代码 ${code ?? '未提供'}`);
