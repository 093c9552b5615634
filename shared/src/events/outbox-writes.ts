/**
 * Writes of the transactional outbox (./outbox.ts): an event's item goes into the
 * same DynamoDB write as the change it announces, so it exists exactly when the change committed.
 */
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { PutCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TransactItem } from '../dynamodb/transactions';
import type { OutboxItem } from './outbox';

/** One state change, in the shape a transaction takes it. */
export type StateWrite = Required<Pick<TransactItem, 'Put'>> | Required<Pick<TransactItem, 'Update'>>;

/** Transaction Puts of outbox items; every key is a fresh UUID, the condition only refuses a reused one. */
export function outboxPuts(tableName: string, events: readonly OutboxItem[]): TransactItem[] {
  return events.map((Item) => ({ Put: { TableName: tableName, Item, ConditionExpression: 'attribute_not_exists(pk)' } }));
}

/**
 * The change alone when it announces nothing (a transaction costs twice the capacity), else the
 * change and its outbox items in one transaction. `stateConditionFailed` tells, for either, whether
 * the change's own condition refused it.
 */
export async function writeWithOutbox(client: DynamoDBDocumentClient, tableName: string, state: StateWrite, events: readonly OutboxItem[]): Promise<void> {
  if (events.length === 0) {
    if ('Put' in state) await client.send(new PutCommand(state.Put));
    else await client.send(new UpdateCommand(state.Update));
    return;
  }
  await client.send(new TransactWriteCommand({ TransactItems: [state, ...outboxPuts(tableName, events)] }));
}

/**
 * True when the state change's condition failed: alone it throws ConditionalCheckFailedException;
 * in a transaction it is the first item, and a cancellation for another reason (a conflict) is not a
 * failed condition.
 */
export function stateConditionFailed(error: unknown): boolean {
  return (
    error instanceof ConditionalCheckFailedException ||
    (error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed')
  );
}

/** For events that announce no state change of this service: the outbox item is the only write. */
export class Outbox {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async put(event: OutboxItem): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: event, ConditionExpression: 'attribute_not_exists(pk)' }));
  }
}
