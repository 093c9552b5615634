import type { ReadyForPayment } from '../domain/ready-claim';
import type { PaymentsApp } from './ports';

/** Claim.ReadyForPayment arrives at least once: the first delivery of a paymentKey is kept, later ones change nothing. */
export async function projectReadyClaim(app: Pick<PaymentsApp, 'repo'>, detail: ReadyForPayment): Promise<boolean> {
  return app.repo.putReady(detail);
}
