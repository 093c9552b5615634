import { createHash } from 'node:crypto';
import { outboxItem, paymentBatchReconciled, paymentFailed, paymentReturned, paymentSettled, type OutboxItem } from '@peixun/shared';
import type { ExceptionRecord } from '../adapters/payments-repository';
import type { BankResult, BankResultEntry } from '../domain/bank-files/bank-result';
import { readBankResult } from '../domain/bank-files/read-result';
import { BATCH_STATUS_LABELS, batchIdOfLine, type Batch, type BatchLine } from '../domain/batch';
import { batchState, resultTotalsMismatch, resultWrongBatch } from '../domain/errors';
import { decide, EXCEPTION_KINDS, reconciliationOf, type ExceptionKind, type ReconciliationReport } from '../domain/reconciliation';
import { batchOf } from './approve-batch';
import type { Actor, PaymentsApp } from './ports';

/** Bank answers applied at once; each is its own small transaction. */
const PARALLEL_APPLIES = 16;

export interface ImportReport {
  readonly fileHash: string;
  readonly format: BankResult['format'];
  /** True when this exact file had been imported before: nothing was changed this time. */
  readonly alreadyImported: boolean;
  readonly applied: number;
  readonly exceptions: number;
  readonly reconciliation: ReconciliationReport;
}

/** A pain.002 names the instruction it answers and its totals; a mismatch refuses the whole file, as banks do. */
function checkAgainstBatch(result: BankResult, batch: Batch): void {
  if (result.originalMessageId !== undefined && result.originalMessageId !== batch.batchId) throw resultWrongBatch(result.originalMessageId);
  const totals = batch.totals ?? { count: 0, sumFen: 0 };
  const countDiffers = result.originalCount !== undefined && result.originalCount !== totals.count;
  const sumDiffers = result.originalSumFen !== undefined && result.originalSumFen !== totals.sumFen;
  if (countDiffers || sumDiffers) {
    throw resultTotalsMismatch(totals, {
      ...(result.originalCount === undefined ? {} : { count: result.originalCount }),
      ...(result.originalSumFen === undefined ? {} : { sumFen: result.originalSumFen }),
    });
  }
}

function outcomeEvent(line: BatchLine, entry: BankResultEntry, at: Date): OutboxItem {
  const ref = {
    paymentKey: line.paymentKey,
    claimId: line.claimId,
    lineId: line.lineId,
    batchId: line.batchId,
    paymentLineId: line.paymentLineId,
    amountFen: line.amountFen,
  };
  const reason = { reasonCode: entry.reasonCode ?? 'NARR', reason: entry.reason ?? '银行未说明原因' };
  const when = at.toISOString();
  if (entry.outcome === 'PAID') return outboxItem(paymentSettled, { ...ref, settledAt: when }, at);
  if (entry.outcome === 'FAILED') return outboxItem(paymentFailed, { ...ref, ...reason, failedAt: when }, at);
  return outboxItem(paymentReturned, { ...ref, ...reason, returnedAt: when }, at);
}

/** Applies one answer: decide on the line as read, write conditioned on it, and decide again if it moved. */
async function applyEntry(
  app: PaymentsApp,
  batch: Batch,
  fileHash: string,
  entry: BankResultEntry,
  index: number,
  known: ReadonlyMap<string, BatchLine>,
): Promise<'applied' | 'skipped' | ExceptionKind> {
  const exception = async (kind: ExceptionKind): Promise<ExceptionKind> => {
    const record: ExceptionRecord = { batchId: batch.batchId, fileHash, index, kind, endToEndId: entry.endToEndId, detail: EXCEPTION_KINDS[kind], at: app.now().toISOString() };
    await app.repo.recordException(record);
    return kind;
  };
  const ownLine = batchIdOfLine(entry.endToEndId) === batch.batchId;
  for (let attempt = 0; attempt < 5; attempt += 1) {
    // The batch's lines were read once for the whole file; a line that moved meanwhile is read again.
    const line = !ownLine ? undefined : attempt === 0 ? known.get(entry.endToEndId) : await app.repo.getLine(batch.batchId, entry.endToEndId);
    const decision = decide(line, entry, fileHash, (l) => app.cipher.decrypt(l.accountSealed));
    if (decision.kind === 'already-applied') return 'skipped';
    if (decision.kind === 'exception' || line === undefined) return exception(decision.kind === 'exception' ? decision.exception : 'UNKNOWN_REFERENCE');
    const reason = entry.outcome === 'PAID' ? undefined : { reasonCode: entry.reasonCode ?? 'NARR', reason: entry.reason ?? '银行未说明原因' };
    const result = await app.repo.applyOutcome(line, decision.from, decision.to, fileHash, reason, outcomeEvent(line, entry, app.now()), line.accountVersion);
    if (result === 'applied') {
      app.crash('import:after-line');
      return 'applied';
    }
    // Another payment of this claim stands as paid: never a second payment, an exception instead.
    if (result === 'already-paid') return exception('DUPLICATE_SETTLEMENT');
  }
  return exception('CONFLICTING_STATUS');
}

/** Counts the lines and, when every one has a final answer, marks the batch reconciled. */
export async function reconcile(app: PaymentsApp, batch: Batch): Promise<ReconciliationReport> {
  const [lines, exceptions] = await Promise.all([app.repo.lines(batch.batchId), app.repo.exceptions(batch.batchId)]);
  const report = reconciliationOf(lines, exceptions.length);
  if (report.complete && batch.status === 'EXPORTED' && batch.totals !== undefined) {
    const at = app.now();
    const event = outboxItem(
      paymentBatchReconciled,
      {
        batchId: batch.batchId,
        areaCode: batch.areaCode,
        subsidyKind: batch.subsidyKind,
        totals: batch.totals,
        paid: report.byStatus.PAID,
        failed: report.byStatus.FAILED,
        returned: report.byStatus.RETURNED,
        exceptions: report.exceptions,
        reconciledAt: at.toISOString(),
      },
      at,
    );
    try {
      await app.repo.updateBatch(batch, 'EXPORTED', { status: 'RECONCILED', reconciledAt: at.toISOString() }, [event]);
    } catch (error) {
      // Someone reconciled it a moment earlier: the same report stands.
      if (!(error instanceof Error && error.name === 'TransactionCanceledException')) throw error;
    }
  }
  return report;
}

/**
 * Imports a bank result file (pain.002, camt.054 or the CSV result layout) for a batch. The file
 * is read and checked whole before anything is written; its SHA-256 is the sentinel that makes a
 * second import of the same file change nothing; an import that died half-way is finished by
 * importing the file again (lines it already changed are recognised by the file hash).
 */
export async function importResults(app: PaymentsApp, actor: Actor, batchId: string, bytes: Buffer): Promise<ImportReport> {
  const batch = await batchOf(app, actor, batchId);
  const result = readBankResult(bytes);
  if (batch.status !== 'EXPORTED' && batch.status !== 'RECONCILED') throw batchState(BATCH_STATUS_LABELS[batch.status], '导入银行回单');
  checkAgainstBatch(result, batch);
  const fileHash = createHash('sha256').update(bytes).digest('hex');

  const started = await app.repo.startImport({ fileHash, batchId, format: result.format, status: 'APPLYING', startedAt: app.now().toISOString() });
  if (!started) {
    const previous = await app.repo.getImport(fileHash);
    if (previous?.status === 'DONE') {
      return { fileHash, format: result.format, alreadyImported: true, applied: 0, exceptions: 0, reconciliation: await reconcile(app, batch) };
    }
  }
  app.crash('import:after-start');

  const known = new Map((await app.repo.lines(batchId)).map((line) => [line.paymentLineId, line]));
  const seen = new Set<string>();
  let applied = 0;
  let exceptions = 0;
  const work = result.entries.map((entry, index) => ({ entry, index }));
  for (let start = 0; start < work.length; start += PARALLEL_APPLIES) {
    const outcomes = await Promise.all(
      work.slice(start, start + PARALLEL_APPLIES).map(async ({ entry, index }) => {
        const key = `${entry.endToEndId}#${entry.outcome}`;
        if (seen.has(key)) {
          await app.repo.recordException({
            batchId,
            fileHash,
            index,
            kind: 'DUPLICATE_IN_FILE',
            endToEndId: entry.endToEndId,
            detail: EXCEPTION_KINDS.DUPLICATE_IN_FILE,
            at: app.now().toISOString(),
          });
          return 'DUPLICATE_IN_FILE' as const;
        }
        seen.add(key);
        return applyEntry(app, batch, fileHash, entry, index, known);
      }),
    );
    applied += outcomes.filter((outcome) => outcome === 'applied').length;
    exceptions += outcomes.filter((outcome) => outcome !== 'applied' && outcome !== 'skipped').length;
  }
  app.crash('import:before-finish');
  await app.repo.finishImport(fileHash, applied, exceptions);
  const latest = (await app.repo.getBatch(batchId)) ?? batch;
  return { fileHash, format: result.format, alreadyImported: false, applied, exceptions, reconciliation: await reconcile(app, latest) };
}
