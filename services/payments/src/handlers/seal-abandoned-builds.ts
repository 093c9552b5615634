import { sealAbandonedBuilds } from '../app/build-batch';
import { completeAbandonedCancellations } from '../app/cancel-batch';
import { logger, paymentsApp } from '../dependencies';

/**
 * A build that died before sealing has claimed lines; after 15 minutes they are sealed into its
 * batch (its totals computed from them). A cancellation that died half-way holds the claims it
 * had not released yet; after 15 minutes the sweep releases them and completes it.
 */
const ABANDONED_AFTER_MS = 15 * 60_000;

export async function handler(): Promise<{ sealed: number; cancellationsCompleted: number }> {
  const app = await paymentsApp();
  const sealed = await sealAbandonedBuilds(app, ABANDONED_AFTER_MS);
  const cancellationsCompleted = await completeAbandonedCancellations(app, ABANDONED_AFTER_MS);
  if (sealed > 0) logger.warn('abandoned payment batch builds sealed', { sealed });
  if (cancellationsCompleted > 0) logger.warn('abandoned payment batch cancellations completed', { cancellationsCompleted });
  return { sealed, cancellationsCompleted };
}
