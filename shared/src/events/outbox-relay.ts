import { fileURLToPath } from 'node:url';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue as StreamAttributeValue, DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { FunctionSpec } from '../manifest';
import type { EventSink, PutEventEntry } from './contract';
import { isRelayedOutboxItem } from './outbox';

/** PutEvents takes at most 10 entries per call. */
const PUT_EVENTS_LIMIT = 10;

/** The relay every service with an outbox deploys; its manifest names it in `table.outbox`. */
export const outboxRelayFunction: FunctionSpec = {
  entry: fileURLToPath(new URL('./outbox-relay-handler.ts', import.meta.url)),
  description: '发件箱中继：把已提交的事件投递到事件总线 / outbox relay',
  memoryMb: 256,
  timeoutSeconds: 30,
  // The table's stream reaches it through the event source (infra: OutboxRelay; locally the poller), not through a table grant.
  access: { events: true },
};

interface PendingEvent {
  sequenceNumber: string;
  entry: PutEventEntry;
}

function pendingEvent(record: DynamoDBRecord, busName: string): PendingEvent | undefined {
  const image = record.dynamodb?.NewImage;
  const sequenceNumber = record.dynamodb?.SequenceNumber;
  if (record.eventName !== 'INSERT' || image === undefined || sequenceNumber === undefined) return undefined;
  // Stream images and SDK attribute values are the same wire format under two type names.
  const item = unmarshall(image as Record<string, AttributeValue & StreamAttributeValue>);
  if (!isRelayedOutboxItem(item)) return undefined;
  return {
    sequenceNumber,
    entry: {
      Source: item.eventSource,
      DetailType: item.eventDetailType,
      Detail: item.eventDetail,
      EventBusName: busName,
    },
  };
}

/**
 * Puts the batch's outbox items on the bus in stream order and reports the first record of the
 * first chunk that failed, so Lambda retries from there (ReportBatchItemFailures) and earlier
 * chunks are not sent again. A partly accepted chunk is sent again whole: delivery is at least
 * once, and consumers are idempotent for that reason.
 */
export async function relayOutbox(
  records: readonly DynamoDBRecord[],
  sink: EventSink,
  busName: string,
): Promise<DynamoDBBatchResponse> {
  const pending = records.flatMap((record) => pendingEvent(record, busName) ?? []);
  for (let start = 0; start < pending.length; start += PUT_EVENTS_LIMIT) {
    const chunk = pending.slice(start, start + PUT_EVENTS_LIMIT);
    try {
      await sink.put(chunk.map((event) => event.entry));
    } catch {
      return { batchItemFailures: [{ itemIdentifier: chunk[0]?.sequenceNumber ?? '' }] };
    }
  }
  return { batchItemFailures: [] };
}
