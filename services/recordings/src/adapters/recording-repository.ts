import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type OutboxItem, outboxPuts, queryAll, stateConditionFailed, writeWithOutbox } from '@peixun/shared';
import { recordingChangedConcurrently, recordingReplacementNotApproved, recordingReplacementUsed, recordingSessionAlreadyRecorded } from '../domain/errors';
import type { Recording } from '../domain/recording';
import type { ReplacedFacts } from '../domain/replacement';
import type { SessionRecordingState } from '../domain/session-recording';
import { classPartition, openReplacementKey, recordingInClass, recordingKey, replacementKey, sessionKey } from './table-keys';

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

  /**
   * A new recording, only while its session's recording is not complete — or, for a replacement,
   * only while its approved request has opened no upload yet: the request is marked `uploading`
   * with this recording in the same transaction, so two uploads cannot both carry out one approval.
   */
  async create(recording: Recording): Promise<void> {
    const requestId = recording.replacementRequestId;
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.tableName, Item: toItem(recording), ConditionExpression: 'attribute_not_exists(pk)' } },
            requestId === undefined ? this.sessionStillOpen(recording.sessionId) : this.takeApproval(recording.sessionId, requestId, recording.recordingId),
          ],
        }),
      );
    } catch (error) {
      if (failedIndexes(error)?.includes(1) !== true) throw error;
      if (requestId === undefined) throw recordingSessionAlreadyRecorded(recording.sessionId, undefined);
      const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: replacementKey(recording.sessionId, requestId), ConsistentRead: true }));
      if (typeof Item?.uploadRecordingId === 'string') throw recordingReplacementUsed(requestId, Item.uploadRecordingId);
      throw recordingReplacementNotApproved(requestId, typeof Item?.status === 'string' ? Item.status : undefined);
    }
  }

  /**
   * Saves `next` only if the stored recording is still in `expectedStatus`, with the outbox items of
   * its events. A replacement upload that ends aborted or rejected gives its approval back in the
   * same transaction, so the school may upload again under it.
   */
  async transition(next: Recording, expectedStatus: Recording['status'], events: readonly OutboxItem[] = []): Promise<void> {
    const requestId = next.replacementRequestId;
    const releases = requestId !== undefined && (next.status === 'aborted' || next.status === 'rejected') && expectedStatus !== next.status;
    try {
      if (releases) {
        await this.client.send(
          new TransactWriteCommand({
            TransactItems: [{ Put: this.statusPut(next, expectedStatus) }, this.giveApprovalBack(next.sessionId, requestId, next.recordingId), ...outboxPuts(this.tableName, events)],
          }),
        );
      } else {
        await writeWithOutbox(this.client, this.tableName, { Put: this.statusPut(next, expectedStatus) }, events);
      }
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
  async completeVerified(
    next: Recording,
    judgedAt: SessionRecordingState,
    complete: boolean,
    events: readonly OutboxItem[],
    replaced?: ReplacedFacts,
  ): Promise<void> {
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
            ...(replaced === undefined ? [] : this.replacementCarriedOut(next, replaced)),
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

  /**
   * A verified replacement: the replaced recording is marked (its object stays, under Object Lock),
   * the request is completed and the session's sentinel freed — each conditional on the state the
   * replacement was opened in.
   */
  private replacementCarriedOut(next: Recording, replaced: ReplacedFacts) {
    return [
      {
        Update: {
          TableName: this.tableName,
          Key: recordingKey(next.sessionId, next.replaces ?? ''),
          UpdateExpression: 'SET replaced = :replaced, updatedAt = :at',
          ConditionExpression: '#status = :completed AND attribute_not_exists(replaced)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':replaced': replaced, ':at': replaced.replacedAt, ':completed': 'completed' },
        },
      },
      {
        Update: {
          TableName: this.tableName,
          Key: replacementKey(next.sessionId, replaced.requestId),
          UpdateExpression: 'SET #status = :done, completedAt = :at',
          ConditionExpression: '#status = :uploading AND uploadRecordingId = :recording',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':done': 'completed', ':at': replaced.replacedAt, ':uploading': 'uploading', ':recording': next.recordingId },
        },
      },
      {
        Delete: {
          TableName: this.tableName,
          Key: openReplacementKey(next.sessionId),
          ConditionExpression: 'requestId = :id',
          ExpressionAttributeValues: { ':id': replaced.requestId },
        },
      },
    ];
  }

  private takeApproval(sessionId: string, requestId: string, recordingId: string) {
    return {
      Update: {
        TableName: this.tableName,
        Key: replacementKey(sessionId, requestId),
        UpdateExpression: 'SET #status = :uploading, uploadRecordingId = :recording',
        ConditionExpression: '#status = :approved AND attribute_not_exists(uploadRecordingId)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':uploading': 'uploading', ':approved': 'approved', ':recording': recordingId },
      },
    };
  }

  private giveApprovalBack(sessionId: string, requestId: string, recordingId: string) {
    return {
      Update: {
        TableName: this.tableName,
        Key: replacementKey(sessionId, requestId),
        UpdateExpression: 'SET #status = :approved REMOVE uploadRecordingId',
        ConditionExpression: '#status = :uploading AND uploadRecordingId = :recording',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':uploading': 'uploading', ':approved': 'approved', ':recording': recordingId },
      },
    };
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
