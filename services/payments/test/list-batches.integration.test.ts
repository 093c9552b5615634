/**
 * The finance console's batch list on DynamoDB Local: an area's batches newest first, a page at a
 * time behind an opaque cursor that is checked before it reaches the database, the area's own
 * finance only (administrators name the area), and the count of claims waiting for a batch.
 */
import { describe, expect, it } from 'vitest';
import { listBatches } from '../src/app/list-batches';
import { projectReadyClaim } from '../src/app/ready-claims';
import type { Batch } from '../src/domain/batch';
import { readyClaim } from './support/fixtures';
import { usePaymentsEngines } from './support/payments-engines';

const engines = usePaymentsEngines();
const AREA = '539901';
const finance = { areaCode: AREA, admin: false };

const batchAt = (n: number, createdAt: string): Batch => ({
  batchId: `pb${String(n).padStart(16, '0')}`,
  areaCode: AREA,
  subsidyKind: 'DIRECT_CERTIFICATE_SUBSIDY',
  status: 'SEALED',
  makerSub: 'finance-maker',
  makerName: '陈财务',
  createdAt,
  totals: { count: n, sumFen: n * 100, hash: 'a'.repeat(64) },
  requiredApprovals: 1,
  approvals: [],
  version: 1,
});

async function refusalOf(promise: Promise<unknown>): Promise<{ code: string; status: number }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; status: number };
  }
  throw new Error('expected a refusal');
}

describe('the batch list of an area', () => {
  it('pages newest first behind an opaque cursor; counts ready claims on the first page only', async () => {
    const app = engines().app();
    for (const [n, at] of ['2027-03-01T02:00:00.000Z', '2027-03-03T02:00:00.000Z', '2027-03-02T02:00:00.000Z'].entries()) await app.repo.createBatch(batchAt(n + 1, at));
    for (const n of [0, 1]) await projectReadyClaim(app, readyClaim('list', n, { areaCode: AREA }));

    const first = await listBatches(app, finance, {}, 2);
    expect(first.batches.map((batch) => batch.batchId)).toEqual([batchAt(2, '').batchId, batchAt(3, '').batchId]);
    expect(first.ready).toEqual([
      { subsidyKind: 'TRAINING_SUBSIDY', count: 0, atLeast: false },
      { subsidyKind: 'DIRECT_CERTIFICATE_SUBSIDY', count: 2, atLeast: false },
    ]);
    expect(first.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);
    const second = await listBatches(app, finance, { cursor: first.nextCursor ?? '' }, 2);
    expect(second.batches.map((batch) => batch.batchId)).toEqual([batchAt(1, '').batchId]);
    expect(second.ready).toBeUndefined();
    expect(second.nextCursor).toBeUndefined();
  });

  it('a forged cursor is refused before anything is read', async () => {
    const app = engines().app();
    const forged = Buffer.from(JSON.stringify({ pk: 'PAYEE#x', sk: 'ACCOUNT' })).toString('base64url');
    expect(await refusalOf(listBatches(app, finance, { cursor: forged }))).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
  });

  it('finance staff see their own area only; an administrator names the area', async () => {
    const app = engines().app();
    expect(await refusalOf(listBatches(app, finance, { areaCode: '520302' }))).toMatchObject({ code: 'PAYMENT_OUTSIDE_AREA', status: 403 });
    expect(await refusalOf(listBatches(app, { areaCode: undefined, admin: false }, {}))).toMatchObject({ code: 'PAYMENT_OUTSIDE_AREA' });
    expect(await refusalOf(listBatches(app, { areaCode: undefined, admin: true }, {}))).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((await listBatches(app, { areaCode: undefined, admin: true }, { areaCode: AREA })).batches.length).toBeGreaterThan(0);
  });
});
