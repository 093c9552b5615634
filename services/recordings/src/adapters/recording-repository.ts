import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type OutboxItem, outboxPuts, queryAll, stateConditionFailed, writeWithOutbox } from '@peixun/shared';
import { recordingChangedConcurrently, recordingSessionAlreadyRecorded } from '../domain/errors';
import type { Recording } from '../domain/recording';
import type { SessionRecordingState } from '../domain/session-recording';
import { classPartition, recordingInClass, recordingKey, sessionKey } from './table-keys';

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

/** Which items of a cancelled transaction failed their condition (an empty list: cancelled for another reason). */
function failedIndexes(error: unknown): number[] | undefined {
  if (!(error instanceof TransactionCanceledException)) return undefined;
  return (error.CancellationReasons ?? []).flatMap((reason, index) => (reason.Code === 'ConditionalCheckFailed' ? [index] : []));
}

/** Another verification of the same session wrote its state first: read again and judge again. */
export class SessionRecordingChanged extends Error {
  constructor(sessionId: string) {
    super(`The recording state of session ${sessionId} changed during the write`);
    this.name = 'SessionRecordingChanged';
  }
}

/**
 * Recordings with conditional status transitions: a write names the status it read, so two
 * requests racing on one upload (a retried `complete`, a verifier and an abort) cannot both win.
 * Creating a recording also checks, in the same transaction, that the session's recording is not
 * complete yet (`domain/session-recording.ts`).
 */
export class RecordingRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** A new recording, only while its session's recording is not complete. */
  async create(recording: Recording): Promise<void> {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.tableName, Item: toItem(recording), ConditionExpression: 'attribute_not_exists(pk)' } },
            this.sessionStillOpen(recording.sessionId),
          ],
        }),
      );
    } catch (error) {
      if (failedIndexes(error)?.includes(1) === true) throw recordingSessionAlreadyRecorded(recording.sessionId, undefined);
      throw error;
    }
  }

  /** Saves `next` only if the stored recording is still in `expectedStatus`, with the outbox items of its events. */
  async transition(next: Recording, expectedStatus: Recording['status'], events: readonly OutboxItem[] = []): Promise<void> {
    try {
      await writeWithOutbox(
        this.client,
        this.tableName,
        { Put: this.statusPut(next, expectedStatus) },
        events,
      );
    } catch (error) {
      if (stateConditionFailed(error)) throw recordingChangedConcurrently(next.recordingId);
      throw error;
    }
  }

  /**
   * The verifier's verdict `completed`, with the session's recording state moved on from the
   * revision it was judged at (and marked complete when `complete`), in one transaction. Throws
   * `SessionRecordingChanged` when another verification of the session wrote first.
   */
  async completeVerified(next: Recording, judgedAt: SessionRecordingState, complete: boolean, events: readonly OutboxItem[]): Promise<void> {
    const marks = complete ? ', recordingCompleteAt = if_not_exists(recordingCompleteAt, :at)' : '';
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: this.statusPut(next, 'verifying') },
            {
              Update: {
                TableName: this.tableName,
                Key: sessionKey(next.sessionId),
                UpdateExpression: `SET recordingRevision = :next${marks}`,
                ConditionExpression:
                  judgedAt.revision === 0 ? 'attribute_exists(pk) AND attribute_not_exists(recordingRevision)' : 'recordingRevision = :read',
                ExpressionAttributeValues: {
                  ':next': judgedAt.revision + 1,
                  ...(judgedAt.revision === 0 ? {} : { ':read': judgedAt.revision }),
                  ...(complete ? { ':at': next.completedAt ?? next.updatedAt } : {}),
                },
              },
            },
            ...outboxPuts(this.tableName, events),
          ],
        }),
      );
    } catch (error) {
      const failed = failedIndexes(error);
      if (failed?.includes(0) === true) throw recordingChangedConcurrently(next.recordingId);
      if (failed?.includes(1) === true) throw new SessionRecordingChanged(next.sessionId);
      throw error;
    }
  }

  private statusPut(next: Recording, expectedStatus: Recording['status']) {
    return {
      TableName: this.tableName,
      Item: toItem(next),
      ConditionExpression: 'attribute_exists(pk) AND #status = :expected',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':expected': expectedStatus },
    };
  }

  private sessionStillOpen(sessionId: string) {
    return { ConditionCheck: { TableName: this.tableName, Key: sessionKey(sessionId), ConditionExpression: 'attribute_not_exists(recordingCompleteAt)' } };
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
