import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

type Key = { pk: string; sk: string };

const keyOf = (key: Key): string => `${key.pk}\u0000${key.sk}`;

/**
 * The items of a few keys (at most 100, the API's limit) in one `BatchGetItem` instead of a
 * `GetItem` each, in the order of the keys (`undefined` where none); whatever DynamoDB leaves
 * unprocessed under load is asked for again.
 */
export async function batchGet(client: DynamoDBDocumentClient, tableName: string, keys: readonly Key[]): Promise<Array<Record<string, unknown> | undefined>> {
  if (keys.length > 100) throw new Error(`batchGet takes at most 100 keys, got ${keys.length}`);
  const found = new Map<string, Record<string, unknown>>();
  let pending: Array<Record<string, unknown>> = [...new Map(keys.map((key) => [keyOf(key), { pk: key.pk, sk: key.sk }])).values()];
  while (pending.length > 0) {
    const { Responses, UnprocessedKeys } = await client.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending } } }));
    for (const item of Responses?.[tableName] ?? []) found.set(keyOf({ pk: String(item.pk), sk: String(item.sk) }), item);
    pending = UnprocessedKeys?.[tableName]?.Keys ?? [];
  }
  return keys.map((key) => found.get(keyOf(key)));
}
