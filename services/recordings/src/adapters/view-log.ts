import { randomUUID } from 'node:crypto';
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryAll } from '@peixun/shared';
import type { ViewLogEntry } from '../domain/viewing';
import { viewKey } from './table-keys';

export interface StoredViewLogEntry extends ViewLogEntry {
  readonly sessionId: string;
  readonly viewerUsername: string;
  readonly correlationId: string;
}

/**
 * Every viewing, kept with the session it belongs to: who, when, which object, until when the link
 * worked. Written before the link is handed out, so no viewing goes unrecorded.
 */
export class ViewLog {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async record(entry: StoredViewLogEntry): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...viewKey(entry.sessionId, entry.recordingId, entry.viewedAt, randomUUID()), ...entry },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async ofRecording(sessionId: string, recordingId: string): Promise<StoredViewLogEntry[]> {
    const items = await queryAll(this.client, this.tableName, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': viewKey(sessionId, recordingId, '', '').pk, ':prefix': `VIEW#${recordingId}#` },
    });
    return items.map(({ pk: _pk, sk: _sk, ...entry }) => entry as unknown as StoredViewLogEntry);
  }
}
