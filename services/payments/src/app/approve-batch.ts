import { NotFound, outboxItem, paymentBatchApproved } from '@peixun/shared';
import { approve, type Batch } from '../domain/batch';
import type { ControlTotals } from '../domain/control-totals';
import { batchChanged } from '../domain/errors';
import { assertOwnArea } from './access';
import type { Actor, PaymentsApp } from './ports';

export async function batchOf(app: PaymentsApp, actor: Actor, batchId: string): Promise<Batch> {
  const batch = await app.repo.getBatch(batchId);
  if (batch === undefined) throw new NotFound('拨付批次', batchId);
  assertOwnArea(actor, batch);
  return batch;
}

/**
 * A checker approves against the control totals they verified. The write is conditioned on the
 * batch's version, so two approvals at the same moment cannot both count as the last one.
 */
export async function approveBatch(app: PaymentsApp, actor: Actor, batchId: string, stated: ControlTotals): Promise<Batch> {
  const batch = await batchOf(app, actor, batchId);
  const at = app.now();
  const { approvals, complete } = approve(batch, { sub: actor.sub, name: actor.name }, stated, at);
  const events =
    complete && batch.totals !== undefined
      ? [
          outboxItem(
            paymentBatchApproved,
            { batchId, areaCode: batch.areaCode, subsidyKind: batch.subsidyKind, totals: batch.totals, approvers: approvals.map((a) => a.by), approvedAt: at.toISOString() },
            at,
          ),
        ]
      : [];
  try {
    return await app.repo.updateBatch(batch, 'SEALED', { approvals, ...(complete ? { status: 'APPROVED' as const } : {}) }, events);
  } catch (error) {
    if (error instanceof Error && error.name === 'TransactionCanceledException') throw batchChanged(batchId);
    throw error;
  }
}
