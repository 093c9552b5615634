import { sealAbandonedBuilds } from '../app/build-batch';
import { logger, paymentsApp } from '../dependencies';

/** A build that died before sealing has claimed lines; after 15 minutes they are sealed into its batch (its totals computed from them). */
const ABANDONED_AFTER_MS = 15 * 60_000;

export async function handler(): Promise<{ sealed: number }> {
  const sealed = await sealAbandonedBuilds(await paymentsApp(), ABANDONED_AFTER_MS);
  if (sealed > 0) logger.warn('abandoned payment batch builds sealed', { sealed });
  return { sealed };
}
