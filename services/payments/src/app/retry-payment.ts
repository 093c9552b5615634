import { NotFound } from '@peixun/shared';
import { payeeRefOf } from '../domain/batch';
import { retryNotAllowed } from '../domain/errors';
import type { ReadyClaim } from '../domain/ready-claim';
import { assertOwnArea } from './access';
import type { Actor, PaymentsApp } from './ports';

/**
 * The explicit retry decision (OpenSPP): a claim whose every earlier payment failed or came back
 * may go into a later batch, once its payee's account has been corrected since the failure. The
 * write is conditioned on the claim's state and on the absence of its paid sentinel.
 */
export async function retryPayment(app: PaymentsApp, actor: Actor, paymentKey: string): Promise<ReadyClaim> {
  const claim = await app.repo.getReady(paymentKey);
  if (claim === undefined) throw new NotFound('待拨付申领', paymentKey);
  assertOwnArea(actor, claim);
  if (claim.status !== 'FAILED' && claim.status !== 'RETURNED') throw retryNotAllowed(claim.status);
  const account = await app.repo.payeeAccount(payeeRefOf(claim.payee));
  if (account === undefined || account.version <= (claim.failedAccountVersion ?? 0)) throw retryNotAllowed(`${claim.status}（收款账户尚未更正）`);
  try {
    await app.repo.reopenForRetry(claim, actor.sub, app.now());
  } catch (error) {
    if (error instanceof Error && error.name === 'TransactionCanceledException') throw retryNotAllowed(claim.status);
    throw error;
  }
  return { ...claim, status: 'READY' };
}
