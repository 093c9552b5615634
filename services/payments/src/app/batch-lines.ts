import { InvalidCursor, LINES_PAGE_SIZE, openCursor, sealCursor } from '@peixun/shared';
import type { Batch, BatchLine } from '../domain/batch';
import { reconciliationOf } from '../domain/reconciliation';
import { batchOf } from './approve-batch';
import type { Actor, PaymentsApp } from './ports';

export interface LinesPage {
  readonly batch: Batch;
  readonly lines: readonly BatchLine[];
  readonly nextCursor?: string;
}

/** A cursor is good for the caller and the batch it was given for only (signed with the service's key). */
const bindingOf = (actor: Actor, batchId: string): string => JSON.stringify(['payment-batch-lines', actor.sub, batchId]);

/** The position inside a cursor: the sort key of the last line shown, of this batch, or the cursor is refused. */
function positionOf(actor: Actor, batchId: string, cursor: string, app: PaymentsApp): string {
  const position = openCursor(cursor, bindingOf(actor, batchId), app.cipher);
  if (!new RegExp(`^LINE#${batchId}-\\d{6}$`).test(position)) throw new InvalidCursor();
  return position;
}

export const cursorAfter = (app: PaymentsApp, actor: Actor, batch: Batch, lastLine: BatchLine): string =>
  sealCursor(`LINE#${lastLine.paymentLineId}`, bindingOf(actor, batch.batchId), app.cipher);

/** One page of a batch's lines, in payment-line order, for finance of its area. */
export async function batchLines(app: PaymentsApp, actor: Actor, batchId: string, cursor: string | undefined, pageSize = LINES_PAGE_SIZE): Promise<LinesPage> {
  const batch = await batchOf(app, actor, batchId);
  const after = cursor === undefined ? undefined : positionOf(actor, batchId, cursor, app);
  const page = await app.repo.linePage(batchId, pageSize, after);
  const last = page.lines.at(-1);
  return { batch, lines: page.lines, ...(page.after === undefined || last === undefined ? {} : { nextCursor: cursorAfter(app, actor, batch, last) }) };
}

/**
 * The batch as its page shows it: the header with the control totals, the reconciliation over all
 * lines, the first exceptions and the first page of lines (the rest through `batchLines`).
 */
export async function batchOverview(app: PaymentsApp, actor: Actor, batchId: string, exceptionsShown: number, pageSize = LINES_PAGE_SIZE) {
  const batch = await batchOf(app, actor, batchId);
  const [lines, exceptions] = await Promise.all([app.repo.lines(batch.batchId), app.repo.exceptions(batch.batchId)]);
  const firstPage = lines.slice(0, pageSize);
  const last = firstPage.at(-1);
  return {
    batch,
    lines: firstPage,
    ...(lines.length > pageSize && last !== undefined ? { nextCursor: cursorAfter(app, actor, batch, last) } : {}),
    reconciliation: reconciliationOf(lines, exceptions.length),
    exceptions: exceptions.slice(0, exceptionsShown),
  };
}
