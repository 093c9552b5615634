import {
  CERTIFICATE_LEVEL_LABELS,
  type FundUseEntry,
  maskName,
  maskNumberForPublic,
  SUBSIDY_KIND_LABELS,
  type SubsidyKind,
} from '@peixun/shared';
import type { Batch, BatchLine } from './batch';
import { yuanOf } from './money';
import { shanghaiDate } from './shanghai-time';

/**
 * 资金使用公示: once a batch is reconciled, every payment the bank confirmed is published for its
 * area and the month of reconciliation (Beijing time, `shanghaiMonth`), masked like the claims' disclosure. A
 * payment the bank later returns is retracted; the month's totals follow both.
 */

/** Lines this many and more are too large for one CSV answer (an HTTP API response is at most 6 MB). */
export const MAX_CSV_ENTRIES = 50_000;

export interface FundUseTarget {
  readonly areaCode: string;
  readonly month: string;
  readonly subsidyKind: SubsidyKind;
  readonly paymentLineId: string;
}

/** What a paid line publishes; `undefined` for a line the bank did not (or no longer) confirm. */
export function fundUseEntryOf(batch: Batch, line: BatchLine): FundUseEntry | undefined {
  if (line.status !== 'PAID' || batch.reconciledAt === undefined) return undefined;
  return {
    paymentLineId: line.paymentLineId,
    subsidyKind: batch.subsidyKind,
    subsidyKindLabel: SUBSIDY_KIND_LABELS[batch.subsidyKind],
    payeeKind: line.payee.kind,
    // An institution is a public body's contractor and is named in full; a person is masked.
    payeeName: line.payee.kind === 'INSTITUTION' ? line.payeeName : maskName(line.payeeName),
    occupationName: line.occupationName,
    level: line.level,
    levelLabel: CERTIFICATE_LEVEL_LABELS[line.level],
    certificateNumber: maskNumberForPublic(line.certificateNumber),
    amountFen: line.amountFen,
    reconciledAt: batch.reconciledAt,
  };
}

export const FUND_USE_CSV_COLUMNS = ['地区', '月份', '补贴类别', '收款人', '职业（工种）', '等级', '证书编号', '金额（元）', '对账日期'] as const;

const field = (value: string): string => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
const row = (values: readonly string[]): string => `${values.map(field).join(',')}\r\n`;

/** UTF-8 with a BOM so Excel opens the Chinese columns right; amounts in yuan with two decimals. */
export function fundUseCsv(areaCode: string, month: string, entries: readonly FundUseEntry[]): Buffer {
  const body = entries
    .map((entry) =>
      row([
        areaCode,
        month,
        entry.subsidyKindLabel,
        entry.payeeName,
        entry.occupationName,
        entry.levelLabel,
        entry.certificateNumber,
        yuanOf(entry.amountFen),
        shanghaiDate(entry.reconciledAt),
      ]),
    )
    .join('');
  return Buffer.from(`\uFEFF${row(FUND_USE_CSV_COLUMNS)}${body}`, 'utf8');
}
