import { outboxItem, paymentBatchCancelled } from '@peixun/shared';
import { isConflict } from '../adapters/payments-repository';
import { BATCH_STATUS_LABELS, startCancellation, type Batch, type BatchLine } from '../domain/batch';
import { batchChanged, batchState } from '../domain/errors';
import { batchOf } from './approve-batch';
import type { Actor, PaymentsApp } from './ports';

/** 49 lines = 98 transaction items and the batch's own check, under DynamoDB's 100. */
const LINES_PER_TRANSACTION = 49;
/** Release transactions in flight at once. */
const PARALLEL_TRANSACTIONS = 4;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const isCancelled = (error: unknown) => error instanceof Error && (error.name === 'TransactionCanceledException' || error.name === 'ConditionalCheckFailedException');

/** Tries per chunk: conflicts with a second canceller or a builder pass; a condition that keeps failing is a fault. */
const MAX_ATTEMPTS = 20;

/** Releases one chunk; lines a second canceller released meanwhile are read again and left out. */
async function releaseChunk(app: PaymentsApp, batch: Batch, chunk: readonly BatchLine[], readyAt: ReadonlyMap<string, string>): Promise<'done' | 'finished'> {
  let pending = chunk;
  for (let attempt = 0; pending.length > 0; attempt += 1) {
    // A line still OPEN whose claim is not held by it any more would fail every time: stop, never spin.
    if (attempt > MAX_ATTEMPTS) throw batchChanged(batch.batchId);
    try {
      const result = await app.repo.releaseLines(batch, pending, readyAt);
      if (result === 'finished') return 'finished';
      if (result === 'released') {
        app.crash('cancel:after-chunk');
        return 'done';
      }
      const current = await Promise.all(pending.map((line) => app.repo.getLine(batch.batchId, line.paymentLineId)));
      pending = current.filter((line): line is BatchLine => line?.status === 'OPEN');
    } catch (error) {
      if (!isConflict(error)) throw error;
      await pause(2 + Math.random() * 10 * Math.min(attempt + 1, 5));
    }
  }
  return 'done';
}

/**
 * Releases every claim a CANCELLING batch still holds, chunk by chunk, then marks it CANCELLED
 * and announces it. Each chunk is one transaction (lines CANCELLED and claims READY together), so
 * a crash between chunks leaves some claims released and the rest still in the batch; running
 * this again (the clerk repeating the cancel, or the sweep) releases the rest. The batch item
 * goes CANCELLED only after the last line, from the lines as stored.
 */
export async function completeCancellation(app: PaymentsApp, batch: Batch): Promise<Batch> {
  const cancellation = batch.cancellation;
  if (batch.status !== 'CANCELLING' || cancellation === undefined) throw batchState(BATCH_STATUS_LABELS[batch.status], '撤销');
  const open = (await app.repo.lines(batch.batchId)).filter((line) => line.status === 'OPEN');
  const readyAt = await app.repo.readyTimes(open.map((line) => line.paymentKey));
  const chunks: BatchLine[][] = [];
  for (let start = 0; start < open.length; start += LINES_PER_TRANSACTION) chunks.push(open.slice(start, start + LINES_PER_TRANSACTION));
  for (let start = 0; start < chunks.length; start += PARALLEL_TRANSACTIONS) {
    // Settled, not raced: a failure is reported only once no transaction of this round is still in flight.
    const results = await Promise.allSettled(chunks.slice(start, start + PARALLEL_TRANSACTIONS).map((chunk) => releaseChunk(app, batch, chunk, readyAt)));
    const failed = results.find((result) => result.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
    if (results.some((result) => result.status === 'fulfilled' && result.value === 'finished')) return (await app.repo.getBatch(batch.batchId)) ?? batch;
  }
  app.crash('cancel:before-finish');

  const lines = await app.repo.lines(batch.batchId);
  // Never marked CANCELLED while a line still holds its claim (a release that failed otherwise).
  if (lines.some((line) => line.status !== 'CANCELLED')) throw batchChanged(batch.batchId);
  const at = app.now();
  const completed = { ...cancellation, completedAt: at.toISOString(), released: lines.length };
  const totals = batch.totals ?? { count: 0, sumFen: 0, hash: '0'.repeat(64) };
  const event = outboxItem(
    paymentBatchCancelled,
    { batchId: batch.batchId, areaCode: batch.areaCode, subsidyKind: batch.subsidyKind, totals, cancelledBy: cancellation.by, reason: cancellation.reason, released: lines.length, cancelledAt: completed.completedAt },
    at,
  );
  try {
    return await app.repo.finishCancellation(batch, completed, [event]);
  } catch (error) {
    // Another canceller (or the sweep) finished it a moment earlier: the batch is what they left.
    if (!isCancelled(error)) throw error;
    return (await app.repo.getBatch(batch.batchId)) ?? batch;
  }
}

/**
 * Cancels a batch that was not exported (`CANCELLABLE_STATUSES`): finance of the area, with a
 * reason. The first write moves the batch to CANCELLING conditioned on the status and version
 * read, so it races an approval or an export of the same batch and exactly one of them wins.
 * Repeating the cancel of a CANCELLING batch finishes it; of a CANCELLED one answers it unchanged.
 */
export async function cancelBatch(app: PaymentsApp, actor: Actor, batchId: string, reason: string): Promise<Batch> {
  let batch = await batchOf(app, actor, batchId);
  if (batch.status === 'CANCELLED') return batch;
  if (batch.status !== 'CANCELLING') {
    const cancellation = startCancellation(batch, { sub: actor.sub, name: actor.name }, reason, app.now());
    try {
      batch = await app.repo.startCancellation(batch, cancellation);
    } catch (error) {
      if (isCancelled(error)) throw batchChanged(batchId);
      throw error;
    }
    app.crash('cancel:after-start');
  }
  return completeCancellation(app, batch);
}

/** Finishes cancellations that stopped half-way (a crash between chunks), so no claim stays held by a dead batch. */
export async function completeAbandonedCancellations(app: PaymentsApp, olderThanMs: number, areaCode?: string): Promise<number> {
  const cutoff = app.now().getTime() - olderThanMs;
  let completed = 0;
  for (const batch of await app.repo.cancellingBatches()) {
    if (Date.parse(batch.cancellation?.at ?? batch.createdAt) > cutoff || (areaCode !== undefined && batch.areaCode !== areaCode)) continue;
    await completeCancellation(app, batch);
    completed += 1;
  }
  return completed;
}
