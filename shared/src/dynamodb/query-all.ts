import { paginateQuery, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';

/** Every page of a query: a class with many sessions, checks or segments outgrows one 1 MB page. */
export async function queryAll<T = Record<string, unknown>>(
  client: DynamoDBDocumentClient,
  tableName: string,
  input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>,
): Promise<T[]> {
  const items: T[] = [];
  for await (const page of paginateQuery({ client }, { ...input, TableName: tableName })) items.push(...((page.Items ?? []) as T[]));
  return items;
}
