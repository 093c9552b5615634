/**
 * BatchGetItem for up to any number of keys: 100 keys per call (the API's limit), and whatever
 * DynamoDB leaves unprocessed under load is asked for again. One round trip for a class roster
 * instead of one per trainee keeps the check-in path short.
 */
import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const MAX_KEYS_PER_CALL = 100;

export async function batchGet(client: DynamoDBDocumentClient, tableName: string, keys: ReadonlyArray<{ pk: string; sk: string }>): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for (let start = 0; start < keys.length; start += MAX_KEYS_PER_CALL) {
    let pending: Array<Record<string, unknown>> = keys.slice(start, start + MAX_KEYS_PER_CALL).map((key) => ({ ...key }));
    while (pending.length > 0) {
      const { Responses, UnprocessedKeys } = await client.send(
        new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }),
      );
      items.push(...(Responses?.[tableName] ?? []));
      pending = UnprocessedKeys?.[tableName]?.Keys ?? [];
    }
  }
  return items;
}
