import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryAll } from '@peixun/shared';
import { recordingNotReplaceable, recordingReplacementNotPending } from '../domain/errors';
import type { ReplacementRequest } from '../domain/replacement';
import { openReplacementKey, recordingKey, replacementKey } from './table-keys';

function fromItem(item: Record<string, unknown>): ReplacementRequest {
  const { pk: _pk, sk: _sk, ...request } = item;
  return request as unknown as ReplacementRequest;
}

function failedIndexes(error: unknown): number[] | undefined {
  if (!(error instanceof TransactionCanceledException)) return undefined;
  return (error.CancellationReasons ?? []).flatMap((reason, index) => (reason.Code === 'ConditionalCheckFailed' ? [index] : []));
}

/** Opening a request found the session's sentinel taken: by this very request sent again, or by another. */
export class ReplacementAlreadyOpen extends Error {
  constructor(readonly open: ReplacementRequest | undefined) {
    super('The session already has an open replacement request');
    this.name = 'ReplacementAlreadyOpen';
  }
}

/**
 * Replacement requests (`domain/replacement.ts`). Every change is one transaction with conditions:
 * opening writes the request, the session's `REPLACEMENT_OPEN` sentinel and checks that the
 * recording is still completed and not replaced; a decision moves a `requested` request only; a
 * rejection frees the sentinel in the same transaction.
 */
export class ReplacementRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async open(request: ReplacementRequest): Promise<void> {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.tableName, Item: { ...request, ...replacementKey(request.sessionId, request.requestId) }, ConditionExpression: 'attribute_not_exists(pk)' } },
            {
              Put: {
                TableName: this.tableName,
                Item: { ...openReplacementKey(request.sessionId), requestId: request.requestId, recordingId: request.recordingId },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              ConditionCheck: {
                TableName: this.tableName,
                Key: recordingKey(request.sessionId, request.recordingId),
                ConditionExpression: '#status = :completed AND attribute_not_exists(replaced)',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':completed': 'completed' },
              },
            },
          ],
        }),
      );
    } catch (error) {
      const failed = failedIndexes(error);
      if (failed?.includes(1) === true) throw new ReplacementAlreadyOpen(await this.openOf(request.sessionId));
      if (failed?.includes(2) === true) throw recordingNotReplaceable(request.recordingId, 'changed', true);
      throw error;
    }
  }

  /** Approval keeps the sentinel (the approved upload is still to come); rejection frees it. */
  async decide(decided: ReplacementRequest): Promise<void> {
    const update = {
      Update: {
        TableName: this.tableName,
        Key: replacementKey(decided.sessionId, decided.requestId),
        UpdateExpression: 'SET #status = :status, decidedBy = :by, decidedAt = :at, decisionNote = :note',
        ConditionExpression: '#status = :requested',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': decided.status, ':by': decided.decidedBy, ':at': decided.decidedAt, ':note': decided.decisionNote, ':requested': 'requested' },
      },
    };
    const free = {
      Delete: {
        TableName: this.tableName,
        Key: openReplacementKey(decided.sessionId),
        ConditionExpression: 'requestId = :id',
        ExpressionAttributeValues: { ':id': decided.requestId },
      },
    };
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: decided.status === 'rejected' ? [update, free] : [update] }));
    } catch (error) {
      if (failedIndexes(error) !== undefined) throw recordingReplacementNotPending(decided.sessionId, decided.requestId);
      throw error;
    }
  }

  async find(sessionId: string, requestId: string): Promise<ReplacementRequest | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: replacementKey(sessionId, requestId), ConsistentRead: true }));
    return Item === undefined ? undefined : fromItem(Item);
  }

  /** The session's request not yet rejected or carried out, if any. */
  async openOf(sessionId: string): Promise<ReplacementRequest | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: openReplacementKey(sessionId), ConsistentRead: true }));
    return typeof Item?.requestId === 'string' ? this.find(sessionId, Item.requestId) : undefined;
  }

  /** Newest first. */
  async ofSession(sessionId: string): Promise<ReplacementRequest[]> {
    const items = await queryAll(this.client, this.tableName, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': replacementKey(sessionId, '').pk, ':prefix': 'REPLACEMENT#' },
      ConsistentRead: true,
    });
    return items.map(fromItem).sort((a, b) => b.requestedAt.localeCompare(a.requestedAt));
  }
}
