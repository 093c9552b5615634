import { closeDisclosures } from '../app/disclosure';
import { claimsDependencies, logger } from '../dependencies';

/** On a schedule: lines whose public disclosure ended with no open objection become payable. */
export async function handler(): Promise<{ ready: number; held: number; recounted: number }> {
  const result = await closeDisclosures(await claimsDependencies());
  logger.info('disclosures closed', result);
  return result;
}
