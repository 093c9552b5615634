import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { EventContractViolation } from '../errors';
import { TTL_ATTRIBUTE } from '../manifest';
import type { DetailOf, EventContract } from './contract';
import type { EventPattern } from './event-pattern';

/**
 * Transactional outbox. A handler that changes state writes the event as an item in the same
 * DynamoDB transaction as the change; the table's stream carries the item to the outbox relay,
 * which puts it on the bus. So an event exists exactly when its change was committed: a failed
 * PutEvents is retried by the stream, never lost after a successful write.
 */
export const OUTBOX_KEY_PREFIX = 'OUTBOX#';

export interface OutboxItem {
  pk: string;
  sk: 'EVENT';
  eventSource: string;
  eventDetailType: string;
  /** The validated detail as JSON, exactly what PutEvents will carry. */
  eventDetail: string;
  createdAt: string;
  /** The relay only needs the insert; TTL clears the item a day later. */
  [TTL_ATTRIBUTE]: number;
}

const DAY_SECONDS = 24 * 3600;

/** Validates the detail against its contract now, so a malformed event fails the whole transaction. */
export function outboxItem<C extends EventContract>(
  contract: C,
  detail: Omit<DetailOf<C>, 'schemaVersion'>,
  now: Date = new Date(),
): OutboxItem {
  const parsed = contract.detail.safeParse({ ...detail, schemaVersion: contract.schemaVersion });
  if (!parsed.success) throw new EventContractViolation(contract.detailType, z.prettifyError(parsed.error));
  return {
    pk: `${OUTBOX_KEY_PREFIX}${randomUUID()}`,
    sk: 'EVENT',
    eventSource: contract.source,
    eventDetailType: contract.detailType,
    eventDetail: JSON.stringify(parsed.data),
    createdAt: now.toISOString(),
    [TTL_ATTRIBUTE]: Math.floor(now.getTime() / 1000) + DAY_SECONDS,
  };
}

/**
 * Which stream records reach the relay: new outbox items only (not TTL removals, not other
 * items). Lambda's event-source filters use EventBridge pattern syntax, so the same object is the
 * CDK filter in AWS and the local runtime's filter, matched by our pattern matcher.
 */
export const OUTBOX_STREAM_FILTER: EventPattern = {
  eventName: ['INSERT'],
  dynamodb: { Keys: { pk: { S: [{ prefix: OUTBOX_KEY_PREFIX }] } } },
};

/** What the relay reads of an outbox item. */
export type RelayedOutboxItem = Pick<OutboxItem, 'pk' | 'eventSource' | 'eventDetailType' | 'eventDetail'>;

/**
 * Whether a stream image is an outbox item the relay can put on the bus. A plain check rather
 * than a zod schema: this is all the relay validates, and without it the relay's bundle leaves
 * zod out (≈ 80 KB of its ≈ 260 KB).
 */
export function isRelayedOutboxItem(image: Record<string, unknown>): image is Record<string, unknown> & RelayedOutboxItem {
  return (
    typeof image.pk === 'string' &&
    image.pk.startsWith(OUTBOX_KEY_PREFIX) &&
    typeof image.eventSource === 'string' &&
    typeof image.eventDetailType === 'string' &&
    typeof image.eventDetail === 'string'
  );
}
