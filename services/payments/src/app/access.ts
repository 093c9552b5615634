import type { Batch } from '../domain/batch';
import { outsideArea } from '../domain/errors';
import type { Actor } from './ports';

/** Finance staff act on their own area's batches only. */
export function assertOwnArea(actor: Actor, batch: Pick<Batch, 'areaCode'>): void {
  if (actor.areaCode === undefined || actor.areaCode !== batch.areaCode) throw outsideArea(batch.areaCode);
}
