import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type OutboxItem, queryAll, stateConditionFailed, writeWithOutbox } from '@peixun/shared';
import { recordingChangedConcurrently } from '../domain/errors';
import type { Recording } from '../domain/recording';
import { classPartition, recordingInClass, recordingKey } from './table-keys';

type RecordingItem = Recording & { pk: string; sk: string; gsi1pk: string; gsi1sk: string };

const toItem = (recording: Recording): RecordingItem => ({
  ...recording,
  ...recordingKey(recording.sessionId, recording.recordingId),
  gsi1pk: classPartition(recording.classId),
  gsi1sk: recordingInClass(recording.sessionId, recording.recordingId),
});

function fromItem(item: Record<string, unknown>): Recording {
  const { pk: _pk, sk: _sk, gsi1pk: _gsi1pk, gsi1sk: _gsi1sk, ...recording } = item;
  return recording as unknown as Recording;
}

/**
 * Recordings with conditional status transitions: a write names the status it read, so two
 * requests racing on one upload (a retried `complete`, a verifier and an abort) cannot both win.
 */
export class RecordingRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(recording: Recording): Promise<void> {
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: toItem(recording), ConditionExpression: 'attribute_not_exists(pk)' }),
    );
  }

  /** Saves `next` only if the stored recording is still in `expectedStatus`, with the outbox items of its events. */
  async transition(next: Recording, expectedStatus: Recording['status'], events: readonly OutboxItem[] = []): Promise<void> {
    try {
      await writeWithOutbox(
        this.client,
        this.tableName,
        {
          Put: {
            TableName: this.tableName,
            Item: toItem(next),
            ConditionExpression: 'attribute_exists(pk) AND #status = :expected',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':expected': expectedStatus },
          },
        },
        events,
      );
    } catch (error) {
      if (stateConditionFailed(error)) throw recordingChangedConcurrently(next.recordingId);
      throw error;
    }
  }

  async find(sessionId: string, recordingId: string): Promise<Recording | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: recordingKey(sessionId, recordingId), ConsistentRead: true }),
    );
    return Item === undefined ? undefined : fromItem(Item);
  }

  /** Newest first. */
  async ofSession(sessionId: string): Promise<Recording[]> {
    const items = await queryAll(this.client, this.tableName, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': recordingKey(sessionId, '').pk, ':prefix': 'RECORDING#' },
      ConsistentRead: true,
    });
    return items.map(fromItem).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  async ofClass(classId: string): Promise<Recording[]> {
    const items = await queryAll(this.client, this.tableName, {
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)',
      FilterExpression: 'begins_with(sk, :recording)',
      ExpressionAttributeValues: { ':pk': classPartition(classId), ':prefix': 'SESSION#', ':recording': 'RECORDING#' },
    });
    return items.map(fromItem);
  }
}
