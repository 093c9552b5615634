/**
 * Large batches through small doors, against DynamoDB Local and the S3 emulator: the lines of a
 * batch come a page at a time behind signed cursors (bound to the caller and the batch), and a
 * bank result file above Lambda's 6 MB request limit is uploaded to the bucket with a presigned
 * PUT and imported from there, with the same file-hash idempotency as a direct import.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { simulateBank } from '../../../local/src/bank/bank-simulator';
import { approveBatch } from '../src/app/approve-batch';
import { batchLines, batchOverview } from '../src/app/batch-lines';
import { buildBatch } from '../src/app/build-batch';
import { exportBatch } from '../src/app/export-batch';
import { importResults } from '../src/app/import-results';
import type { Actor, BankFilesApp } from '../src/app/ports';
import { projectReadyClaim } from '../src/app/ready-claims';
import { startResultUpload } from '../src/app/result-uploads';
import { importUploadedResults } from '../src/app/uploaded-results';
import type { Batch } from '../src/domain/batch';
import { accountFor, checker, maker, outsider, readyClaim } from './support/fixtures';
import { usePaymentsEngines } from './support/payments-engines';

const engines = usePaymentsEngines();
let runs = 0;
const freshArea = () => `56${String(1000 + (runs += 1)).padStart(4, '0')}`;
const as = (actor: Actor, areaCode: string): Actor => ({ ...actor, areaCode });

async function sealedBatch(app: BankFilesApp, run: string, area: string, count: number): Promise<Batch> {
  for (let n = 0; n < count; n += 1) {
    const claim = readyClaim(run, n, { areaCode: area });
    await projectReadyClaim(app, claim);
    await accountFor(app, claim, n);
  }
  return (await buildBatch(app, as(maker, area), { subsidyKind: 'DIRECT_CERTIFICATE_SUBSIDY' })).batch;
}

async function refusalOf(promise: Promise<unknown>): Promise<{ code: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string };
  }
  throw new Error('expected a refusal');
}

describe('the lines of a batch come a page at a time', () => {
  it('pages follow each other in line order behind signed cursors good only for the caller and the batch', async () => {
    const area = freshArea();
    const app = engines().app();
    const batch = await sealedBatch(app, 'pages', area, 7);
    const other = await sealedBatch(app, 'pages-other', area, 1);
    const me = as(maker, area);

    const first = await batchOverview(app, me, batch.batchId, 10, 3);
    expect(first.reconciliation.control.count).toBe(7);
    expect(first.lines.map((line) => line.paymentLineId)).toEqual([1, 2, 3].map((n) => `${batch.batchId}-00000${n}`));
    const second = await batchLines(app, me, batch.batchId, first.nextCursor, 3);
    expect(second.lines.map((line) => line.paymentLineId)).toEqual([4, 5, 6].map((n) => `${batch.batchId}-00000${n}`));
    const third = await batchLines(app, me, batch.batchId, second.nextCursor, 3);
    expect(third.lines.map((line) => line.paymentLineId)).toEqual([`${batch.batchId}-000007`]);
    expect(third.nextCursor).toBeUndefined();
    // Without a cursor the lines route starts at the first page too.
    expect((await batchLines(app, me, batch.batchId, undefined, 3)).lines).toHaveLength(3);

    const cursor = first.nextCursor ?? '';
    expect((await refusalOf(batchLines(app, as(checker, area), batch.batchId, cursor, 3))).code).toBe('VALIDATION_FAILED');
    expect((await refusalOf(batchLines(app, me, other.batchId, cursor, 3))).code).toBe('VALIDATION_FAILED');
    const [payload = '', signature = ''] = cursor.split('.');
    const edited = `${Buffer.from(`LINE#${batch.batchId}-000001`).toString('base64url')}.${signature}`;
    expect(payload).not.toBe(edited.split('.')[0]);
    expect((await refusalOf(batchLines(app, me, batch.batchId, edited, 3))).code).toBe('VALIDATION_FAILED');
    expect((await refusalOf(batchLines(app, as(outsider, '520302'), batch.batchId, undefined, 3))).code).toBe('PAYMENT_OUTSIDE_AREA');
  });
});

describe('bank result files over 6 MB go through the bucket', () => {
  it('a presigned PUT of the declared size and hash, then an import by key: same idempotency as a direct import', async () => {
    const area = freshArea();
    const app = engines().app();
    const sealed = await sealedBatch(app, 'upload', area, 12);
    const me = as(maker, area);
    expect((await refusalOf(startResultUpload(app, me, sealed.batchId, { size: 10, sha256: '0'.repeat(64) }))).code).toBe('PAYMENT_BATCH_STATE');
    await approveBatch(app, as(checker, area), sealed.batchId, sealed.totals ?? { count: 0, sumFen: 0, hash: '' });
    const exported = await exportBatch(app, me, sealed.batchId, 'pain.001');
    const answer = simulateBank(Buffer.from(await (await fetch(exported.url)).arrayBuffer()), { seed: 7, failureRate: 0.25, returnRate: 0, now: new Date() });
    // The bank's status report with its archive trailer: well over the 6 MB a request may carry.
    const trailer = `<!-- ${'银行归档附注 '.repeat(400_000)} -->\n`;
    const file = Buffer.concat([answer.pain002, Buffer.from(trailer)]);
    expect(file.length).toBeGreaterThan(6 * 1024 * 1024);
    const sha256 = createHash('sha256').update(file).digest('hex');

    expect((await refusalOf(startResultUpload(app, as(outsider, '520302'), sealed.batchId, { size: file.length, sha256 }))).code).toBe('PAYMENT_OUTSIDE_AREA');
    const upload = await startResultUpload(app, me, sealed.batchId, { size: file.length, sha256 });
    expect(upload.uploadKey).toMatch(new RegExp(`^imports/${sealed.batchId}/[0-9a-z]{26}$`));
    expect(new URL(upload.url).searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;host;x-amz-checksum-sha256');
    expect(upload.headers['x-amz-checksum-sha256']).toBe(Buffer.from(sha256, 'hex').toString('base64'));
    expect((await refusalOf(importUploadedResults(app, me, sealed.batchId, upload.uploadKey))).code).toBe('PAYMENT_RESULT_UPLOAD_MISSING');
    const put = await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: new Uint8Array(file) });
    expect(put.status).toBe(200);

    const imported = await importUploadedResults(app, me, sealed.batchId, upload.uploadKey);
    expect(imported).toMatchObject({ format: 'pain.002', alreadyImported: false, applied: 12, fileHash: sha256, reconciliation: { complete: true } });
    expect(imported.reconciliation.byStatus.FAILED.count).toBe(answer.rejected.length);
    // The same bytes again, from the same upload, a second upload, or sent directly: nothing changes.
    expect(await importUploadedResults(app, me, sealed.batchId, upload.uploadKey)).toMatchObject({ alreadyImported: true, applied: 0 });
    const second = await startResultUpload(app, me, sealed.batchId, { size: file.length, sha256 });
    await fetch(second.url, { method: 'PUT', headers: second.headers, body: new Uint8Array(file) });
    expect(await importUploadedResults(app, me, sealed.batchId, second.uploadKey)).toMatchObject({ alreadyImported: true, applied: 0 });
    expect(await importResults(app, me, sealed.batchId, file)).toMatchObject({ alreadyImported: true, applied: 0 });
    const settled = (await engines().scan()).filter((item) => item.eventDetailType === 'Payment.Settled' && String(item.eventDetail).includes(sealed.batchId));
    expect(settled).toHaveLength(answer.settled.length);

    // A key is good for its own batch only, and finance of another area reads none.
    const elsewhere = await sealedBatch(app, 'upload-other', area, 1);
    expect((await refusalOf(importUploadedResults(app, me, elsewhere.batchId, upload.uploadKey))).code).toBe('PAYMENT_RESULT_UPLOAD_MISSING');
    expect((await refusalOf(importUploadedResults(app, as(outsider, '520302'), sealed.batchId, upload.uploadKey))).code).toBe('PAYMENT_OUTSIDE_AREA');
  }, 120_000);
});
