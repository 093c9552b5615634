import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { newId } from '@peixun/shared';
import type { DocumentRecord, DocumentRejection } from '../documents/document';
import { getAll } from './batch-requests';
import { withoutStorageKeys } from './table-items';
import { IF_ABSENT } from './transaction-conflicts';

/**
 * Documents in the single table:
 * - `DOCUMENT#<id>` / `DOCUMENT`: the document and its check state;
 * - `DOCUMENT#<id>` / `VIEW#<view id>`: one audit item per presigned GET handed out; view ids sort
 *   by the millisecond they were drawn, so the newest come first in a reverse Query.
 */
const keys = {
  document: (documentId: string) => ({ pk: `DOCUMENT#${documentId}`, sk: 'DOCUMENT' }),
  view: (documentId: string, viewId: string) => ({ pk: `DOCUMENT#${documentId}`, sk: `VIEW#${viewId}` }),
};

export interface DocumentViewEntry {
  readonly viewer: string;
  readonly role: string;
  readonly at: string;
}

/** How many views a read answers with: the audit trail is complete in the table, the answer shows the latest. */
const VIEWS_SHOWN = 50;

export class DocumentRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(record: DocumentRecord): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.document(record.documentId), ...record }, ConditionExpression: IF_ABSENT }));
  }

  async find(documentId: string): Promise<DocumentRecord | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.document(documentId), ConsistentRead: true }));
    return Item === undefined ? undefined : withoutStorageKeys<DocumentRecord>(Item);
  }

  /** The documents of these ids that exist (one BatchGetItem per hundred), by id. */
  async findMany(documentIds: readonly string[]): Promise<Map<string, DocumentRecord>> {
    const unique = [...new Set(documentIds)];
    if (unique.length === 0) return new Map();
    const items = await getAll<Record<string, unknown>>(this.client, this.tableName, unique.map(keys.document));
    return new Map(items.map((item) => withoutStorageKeys<DocumentRecord>(item)).map((record) => [record.documentId, record]));
  }

  /**
   * PENDING → AVAILABLE (no rejection) or REJECTED, by a write conditioned on PENDING: of two
   * completions racing, one settles the document and the other reads what it decided. Returns
   * the document as it stands afterwards.
   */
  async settle(documentId: string, checkedAt: string, rejection: DocumentRejection | undefined): Promise<DocumentRecord | undefined> {
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.document(documentId),
          ConditionExpression: '#status = :pending',
          UpdateExpression: rejection === undefined ? 'SET #status = :status, checkedAt = :at' : 'SET #status = :status, checkedAt = :at, rejection = :rejection',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':pending': 'PENDING',
            ':status': rejection === undefined ? 'AVAILABLE' : 'REJECTED',
            ':at': checkedAt,
            ...(rejection === undefined ? {} : { ':rejection': rejection }),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes === undefined ? undefined : withoutStorageKeys<DocumentRecord>(Attributes);
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return this.find(documentId);
      throw error;
    }
  }

  async logView(documentId: string, entry: DocumentViewEntry): Promise<void> {
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: { ...keys.view(documentId, newId('view')), ...entry }, ConditionExpression: IF_ABSENT }),
    );
  }

  /** The latest views, newest first. */
  async views(documentId: string): Promise<DocumentViewEntry[]> {
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :view)',
        ExpressionAttributeValues: { ':pk': keys.document(documentId).pk, ':view': 'VIEW#' },
        ScanIndexForward: false,
        Limit: VIEWS_SHOWN,
        ConsistentRead: true,
      }),
    );
    return Items.map((item) => ({ viewer: String(item.viewer), role: String(item.role), at: String(item.at) }));
  }
}
