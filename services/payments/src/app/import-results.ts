import { createHash } from 'node:crypto';
import { outboxItem, paymentBatchReconciled, paymentFailed, paymentReturned, paymentSettled, type OutboxItem } from '@peixun/shared';
import type { OutcomeRefusal, OutcomeWrite } from '../adapters/payments-repository';
import type { BankResult, BankResultEntry } from '../domain/bank-files/bank-result';
import { readBankResult } from '../domain/bank-files/read-result';
import { BATCH_STATUS_LABELS, batchIdOfLine, type Batch, type BatchLine } from '../domain/batch';
import { batchState, resultTotalsMismatch, resultWrongBatch } from '../domain/errors';
import { decide, EXCEPTION_KINDS, reconciliationOf, type ExceptionKind, type ReconciliationReport } from '../domain/reconciliation';
import { batchOf } from './approve-batch';
import type { Actor, PaymentsApp } from './ports';

/**
 * Answers decided and written together: each line's answer stays its own all-or-nothing group
 * (four actions for a payment), packed 25 to a transaction, four transactions at once.
 */
const ANSWERS_PER_ROUND = 100;

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

type EntryOutcome = 'applied' | 'skipped' | ExceptionKind;

interface Answer {
  readonly entry: BankResultEntry;
  /** Its position in the file: an exception is keyed by it, so a resumed import records it once. */
  readonly index: number;
}

interface ImportRun {
  readonly app: PaymentsApp;
  readonly batch: Batch;
  readonly fileHash: string;
  /** The batch's lines as last known: read once for the whole file, kept up to date as answers apply. */
  readonly known: Map<string, BatchLine>;
}

async function recordException(run: ImportRun, { entry, index }: Answer, kind: ExceptionKind): Promise<ExceptionKind> {
  const { app, batch, fileHash } = run;
  await app.repo.recordException({ batchId: batch.batchId, fileHash, index, kind, endToEndId: entry.endToEndId, detail: EXCEPTION_KINDS[kind], at: app.now().toISOString() });
  return kind;
}

/** What an answer does to the line as read: nothing, an exception, or a write conditioned on the line's status. */
function writeFor(run: ImportRun, { entry }: Answer, line: BatchLine | undefined): { outcome: EntryOutcome } | { write: OutcomeWrite } {
  const { app, fileHash } = run;
  const decision = decide(line, entry, fileHash, (l) => app.cipher.decrypt(l.accountSealed));
  if (decision.kind === 'already-applied') return { outcome: 'skipped' };
  if (decision.kind === 'exception' || line === undefined) return { outcome: decision.kind === 'exception' ? decision.exception : 'UNKNOWN_REFERENCE' };
  const reason = entry.outcome === 'PAID' ? undefined : { reasonCode: entry.reasonCode ?? 'NARR', reason: entry.reason ?? '银行未说明原因' };
  return { write: { line, from: decision.from, to: decision.to, fileHash, reason, event: outcomeEvent(line, entry, app.now()) } };
}

/** Settles a written answer (and remembers the line's new state for a later answer to the same line). */
function settled(run: ImportRun, write: OutcomeWrite, result: 'applied' | OutcomeRefusal): EntryOutcome | 'line-changed' {
  if (result === 'applied') {
    run.known.set(write.line.paymentLineId, { ...write.line, status: write.to, settledByFile: write.fileHash, ...write.reason });
    run.app.crash('import:after-line');
    return 'applied';
  }
  // Another payment of this claim stands as paid: never a second payment, an exception instead.
  return result === 'already-paid' ? 'DUPLICATE_SETTLEMENT' : 'line-changed';
}

/** One answer whose line moved since it was read: read it again and decide again, a few times. */
async function applyAlone(run: ImportRun, answer: Answer): Promise<EntryOutcome> {
  for (let attempt = 0; attempt < 4; attempt += 1) {
    const next = writeFor(run, answer, await run.app.repo.getLine(run.batch.batchId, answer.entry.endToEndId));
    if ('outcome' in next) return next.outcome;
    const [result = 'line-changed'] = await run.app.repo.applyOutcomes([next.write]);
    const outcome = settled(run, next.write, result);
    if (outcome !== 'line-changed') return outcome;
  }
  return 'CONFLICTING_STATUS';
}

/**
 * Applies answers to distinct lines: each decided on the line as known, the writes grouped into
 * few transactions; an answer whose line moved meanwhile is decided again on a fresh read.
 */
async function applyRound(run: ImportRun, answers: readonly Answer[]): Promise<EntryOutcome[]> {
  const { batch } = run;
  const planned = answers.map((answer) => {
    const line = batchIdOfLine(answer.entry.endToEndId) === batch.batchId ? run.known.get(answer.entry.endToEndId) : undefined;
    return writeFor(run, answer, line);
  });
  const writes = planned.flatMap((plan, at) => ('write' in plan ? [{ at, write: plan.write }] : []));
  const results = await run.app.repo.applyOutcomes(writes.map(({ write }) => write));
  const resultAt = new Map(writes.map(({ at }, position) => [at, results[position] ?? 'line-changed']));
  return Promise.all(
    planned.map(async (plan, at) => {
      const answer = answers[at] as Answer;
      const outcome = 'outcome' in plan ? plan.outcome : settled(run, plan.write, resultAt.get(at) ?? 'line-changed');
      if (outcome === 'line-changed') return applyAlone(run, answer);
      return outcome === 'applied' || outcome === 'skipped' ? outcome : recordException(run, answer, outcome);
    }),
  );
}

/**
 * The file's answers in rounds that touch each line at most once, in file order: a second answer
 * for a line (its return after its payment) is decided after the first is written. An answer the
 * file repeats word for word is a `DUPLICATE_IN_FILE` exception, never applied twice.
 */
function roundsOf(entries: readonly BankResultEntry[]): { rounds: Answer[][]; repeated: Answer[] } {
  const seen = new Set<string>();
  const answersPerLine = new Map<string, number>();
  const rounds: Answer[][] = [];
  const repeated: Answer[] = [];
  entries.forEach((entry, index) => {
    const key = `${entry.endToEndId}#${entry.outcome}`;
    if (seen.has(key)) {
      repeated.push({ entry, index });
      return;
    }
    seen.add(key);
    const round = answersPerLine.get(entry.endToEndId) ?? 0;
    answersPerLine.set(entry.endToEndId, round + 1);
    (rounds[round] ??= []).push({ entry, index });
  });
  return { rounds, repeated };
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

  const run: ImportRun = { app, batch, fileHash, known: new Map((await app.repo.lines(batchId)).map((line) => [line.paymentLineId, line])) };
  const { rounds, repeated } = roundsOf(result.entries);
  const outcomes: EntryOutcome[] = [];
  for (let start = 0; start < repeated.length; start += ANSWERS_PER_ROUND) {
    outcomes.push(...(await Promise.all(repeated.slice(start, start + ANSWERS_PER_ROUND).map((answer) => recordException(run, answer, 'DUPLICATE_IN_FILE')))));
  }
  for (const round of rounds) {
    for (let start = 0; start < round.length; start += ANSWERS_PER_ROUND) outcomes.push(...(await applyRound(run, round.slice(start, start + ANSWERS_PER_ROUND))));
  }
  const applied = outcomes.filter((outcome) => outcome === 'applied').length;
  const exceptions = outcomes.filter((outcome) => outcome !== 'applied' && outcome !== 'skipped').length;
  app.crash('import:before-finish');
  await app.repo.finishImport(fileHash, applied, exceptions);
  const latest = (await app.repo.getBatch(batchId)) ?? batch;
  return { fileHash, format: result.format, alreadyImported: false, applied, exceptions, reconciliation: await reconcile(app, latest) };
}
