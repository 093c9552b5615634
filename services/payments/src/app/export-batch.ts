import { outboxItem, paymentBatchExported } from '@peixun/shared';
import { batchCsv, type CsvEncoding } from '../domain/bank-files/batch-csv';
import { pain001 } from '../domain/bank-files/pain001';
import type { PaymentFileHeader, PaymentFileLine } from '../domain/bank-files/payment-file';
import { BATCH_STATUS_LABELS, payeeRefOf, type Batch, type BatchLine } from '../domain/batch';
import { accountsChanged, batchChanged, batchState } from '../domain/errors';
import { batchOf } from './approve-batch';
import type { Actor, BankFilesApp, PaymentsApp } from './ports';
import { shanghaiDate } from '../domain/shanghai-time';

export type ExportFormat = 'pain.001' | 'csv';

export interface ExportedFile {
  readonly key: string;
  readonly fileName: string;
  readonly url: string;
  readonly messageId: string;
}

const fileOf = (batchId: string, format: ExportFormat, encoding: CsvEncoding) =>
  format === 'pain.001'
    ? { key: `exports/${batchId}/pain.001.001.09.xml`, fileName: `${batchId}.pain.001.xml`, contentType: 'application/xml' }
    : {
        key: `exports/${batchId}/batch-${encoding.toLowerCase()}.csv`,
        fileName: `${batchId}-批量代发.csv`,
        contentType: `text/csv; charset=${encoding === 'GBK' ? 'GBK' : 'UTF-8'}`,
      };

export function headerOf(app: Pick<PaymentsApp, 'settings'>, batch: Batch): PaymentFileHeader {
  if (batch.totals === undefined || batch.exportedAt === undefined) throw batchState(BATCH_STATUS_LABELS[batch.status], '导出');
  return {
    messageId: batch.batchId,
    createdAt: batch.exportedAt,
    executionDate: shanghaiDate(batch.exportedAt),
    payer: app.settings.payer,
    totals: batch.totals,
    purpose: app.settings.purpose,
  };
}

function* fileLines(app: Pick<PaymentsApp, 'cipher'>, lines: readonly BatchLine[]): Generator<PaymentFileLine> {
  const sorted = [...lines].sort((a, b) => (a.paymentLineId < b.paymentLineId ? -1 : 1));
  for (const line of sorted) {
    yield {
      paymentLineId: line.paymentLineId,
      amountFen: line.amountFen,
      creditorName: line.payeeName,
      creditorAccount: app.cipher.decrypt(line.accountSealed),
      creditorBank: line.accountBank,
      remittance: `职业技能培训补贴 证书${line.certificateNumber}`,
    };
  }
}

/**
 * Exports the approved batch. The state change (APPROVED → EXPORTED, with the export time that
 * the file's CreDtTm and execution date come from) commits first; the file is written after it
 * from the stored lines, so a crash in between is repaired by exporting again, which writes the
 * same bytes under the same MsgId: one instruction, never a second.
 */
export async function exportBatch(app: BankFilesApp, actor: Actor, batchId: string, format: ExportFormat, encoding: CsvEncoding = 'GBK'): Promise<ExportedFile> {
  let batch = await batchOf(app, actor, batchId);
  const lines = await app.repo.lines(batchId);
  if (batch.status === 'APPROVED') {
    const current = await app.repo.payeeAccounts([...new Set(lines.map((line) => payeeRefOf(line.payee)))]);
    const stale = lines.filter((line) => current.get(payeeRefOf(line.payee))?.version !== line.accountVersion).map((line) => line.paymentLineId);
    if (stale.length > 0) throw accountsChanged(stale);
    const at = app.now();
    const exportedAt = at.toISOString();
    if (batch.totals === undefined) throw batchState(BATCH_STATUS_LABELS[batch.status], '导出');
    const event = outboxItem(
      paymentBatchExported,
      { batchId, areaCode: batch.areaCode, subsidyKind: batch.subsidyKind, totals: batch.totals, messageId: batchId, exportedAt },
      at,
    );
    try {
      batch = await app.repo.updateBatch(batch, 'APPROVED', { status: 'EXPORTED', exportedAt }, [event]);
    } catch (error) {
      if (error instanceof Error && error.name === 'TransactionCanceledException') throw batchChanged(batchId);
      throw error;
    }
    app.crash('export:after-commit');
  } else if (batch.status !== 'EXPORTED' && batch.status !== 'RECONCILED') {
    throw batchState(BATCH_STATUS_LABELS[batch.status], '导出');
  }
  const header = headerOf(app, batch);
  const file = fileOf(batchId, format, encoding);
  if (!(await app.files.exists(file.key))) {
    const body = format === 'pain.001' ? pain001(header, fileLines(app, lines)) : batchCsv(header, fileLines(app, lines), encoding);
    await app.files.put(file.key, body, file.contentType);
  }
  return { key: file.key, fileName: file.fileName, url: await app.files.downloadUrl(file.key, file.fileName), messageId: batchId };
}
