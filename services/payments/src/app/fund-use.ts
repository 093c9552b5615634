import { ValidationFailed, type FundUseEntry, type FundUseList, type SubsidyKind } from '@peixun/shared';
import { keys } from '../adapters/keys';
import { fundUseCsv, fundUseEntryOf, MAX_CSV_ENTRIES, type FundUseTarget } from '../domain/fund-use';
import { fundUseTooLarge } from '../domain/errors';
import { shanghaiMonth } from '../domain/shanghai-time';
import type { PaymentsApp } from './ports';

/** Publications at once; each is a small transaction that also moves a totals item. */
const PARALLEL_PUBLICATIONS = 8;
const PAGE_SIZE = 200;
const EXPORT_PAGE_SIZE = 1000;

export interface FundUseQuery {
  readonly areaCode: string;
  readonly month: string;
  readonly subsidyKind?: SubsidyKind;
}

/**
 * Publishes every payment the bank confirmed in a reconciled batch. Safe to run again (a
 * redelivered `PaymentBatch.Reconciled`, a retry after a crash): each entry is put once.
 */
export async function publishReconciledBatch(app: PaymentsApp, batchId: string): Promise<{ published: number; already: number }> {
  const batch = await app.repo.getBatch(batchId);
  // The event is written in the transaction that reconciles the batch, so the batch is always found reconciled.
  if (batch?.reconciledAt === undefined) throw new Error(`batch ${batchId} announced as reconciled is not`);
  const month = shanghaiMonth(batch.reconciledAt);
  const work = (await app.repo.lines(batchId)).flatMap((line) => {
    const entry = fundUseEntryOf(batch, line);
    return entry === undefined ? [] : [{ target: { areaCode: batch.areaCode, month, subsidyKind: batch.subsidyKind, paymentLineId: line.paymentLineId }, entry }];
  });
  let published = 0;
  for (let start = 0; start < work.length; start += PARALLEL_PUBLICATIONS) {
    const outcomes = await Promise.all(work.slice(start, start + PARALLEL_PUBLICATIONS).map(({ target, entry }) => app.fundUse.publish(target, entry)));
    published += outcomes.filter((outcome) => outcome === 'published').length;
  }
  return { published, already: work.length - published };
}

/**
 * A payment the bank returned leaves the list. Before its batch is reconciled nothing was
 * published, and the publication that follows reads the line as returned; after, the entry is
 * retracted (or a tombstone keeps a publication under way from adding it).
 */
export async function retractReturnedPayment(
  app: PaymentsApp,
  payment: { readonly batchId: string; readonly paymentLineId: string; readonly amountFen: number },
): Promise<'retracted' | 'already' | 'not-published'> {
  const batch = await app.repo.getBatch(payment.batchId);
  if (batch?.reconciledAt === undefined) return 'not-published';
  const target: FundUseTarget = { areaCode: batch.areaCode, month: shanghaiMonth(batch.reconciledAt), subsidyKind: batch.subsidyKind, paymentLineId: payment.paymentLineId };
  return app.fundUse.retract(target, payment.amountFen);
}

const invalidCursor = () => new ValidationFailed([{ path: 'query.cursor', code: 'INVALID_CURSOR', message: '分页标记无效，请从第一页重新查询。' }]);

/** Cursors name the last entry shown; anything else (forged, or from another kind's list) is refused. */
function entryKeyOf(cursor: string, subsidyKind: SubsidyKind | undefined): string {
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^LINE#(TRAINING_SUBSIDY|DIRECT_CERTIFICATE_SUBSIDY)#(pb[0-9a-z]{16}-\d{6})$/.exec(key);
  if (match === null || (subsidyKind !== undefined && match[1] !== subsidyKind)) throw invalidCursor();
  return keys.fundUseEntry(match[1] ?? '', match[2] ?? '');
}

export async function listFundUse(app: PaymentsApp, query: FundUseQuery & { readonly cursor?: string }): Promise<FundUseList> {
  const after = query.cursor === undefined ? undefined : entryKeyOf(query.cursor, query.subsidyKind);
  // An entry and its totals are written in one transaction, but a query is not isolated from one:
  // while a batch is being published the totals may briefly count a line the page does not show yet.
  const [totals, page] = await Promise.all([
    app.fundUse.totals(query.areaCode, query.month),
    app.fundUse.page(query.areaCode, query.month, query.subsidyKind, PAGE_SIZE, after),
  ]);
  return {
    areaCode: query.areaCode,
    month: query.month,
    totals: totals.filter((total) => query.subsidyKind === undefined || total.subsidyKind === query.subsidyKind),
    entries: page.entries,
    ...(page.after === undefined ? {} : { nextCursor: Buffer.from(page.after, 'utf8').toString('base64url') }),
  };
}

/** The whole month as CSV; refused before reading when it cannot fit one answer. */
export async function exportFundUse(app: PaymentsApp, query: FundUseQuery): Promise<Buffer> {
  const totals = (await app.fundUse.totals(query.areaCode, query.month)).filter((total) => query.subsidyKind === undefined || total.subsidyKind === query.subsidyKind);
  const count = totals.reduce((sum, total) => sum + total.count, 0);
  if (count > MAX_CSV_ENTRIES) throw fundUseTooLarge(count, MAX_CSV_ENTRIES);
  const entries: FundUseEntry[] = [];
  let after: string | undefined;
  do {
    const page = await app.fundUse.page(query.areaCode, query.month, query.subsidyKind, EXPORT_PAGE_SIZE, after);
    entries.push(...page.entries);
    after = page.after;
  } while (after !== undefined);
  return fundUseCsv(query.areaCode, query.month, entries);
}
