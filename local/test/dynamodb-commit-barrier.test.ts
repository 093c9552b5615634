/**
 * With a data directory, DynamoDB clients reach the engine through the commit barrier
 * (src/engines/dynamodb-commit-barrier.ts): every operation must pass through it unchanged,
 * large answers (sent chunked by the engine) included.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient, GetItemCommand, ScanCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynamoDbLocal, type DynamoDbLocal } from '../src/engines/dynamodb-local';
import { LOCAL_AWS } from '../src/local-aws';

const dataDir = mkdtempSync(join(tmpdir(), 'peixun-commit-barrier-'));
let engine: DynamoDbLocal;
let client: DynamoDBClient;

beforeAll(async () => {
  engine = await startDynamoDbLocal({ port: 0, dataDir });
  client = new DynamoDBClient({ ...LOCAL_AWS, endpoint: engine.endpoint });
  await client.send(
    new CreateTableCommand({
      TableName: 'barrier',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
}, 120_000);

afterAll(async () => {
  client?.destroy();
  await engine?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('DynamoDB Local behind the commit barrier', () => {
  it('passes transactions, their condition failures and large answers through unchanged', async () => {
    const big = 'x'.repeat(300_000);
    const put = (pk: string) => ({ Put: { TableName: 'barrier', Item: { pk: { S: pk }, big: { S: big } }, ConditionExpression: 'attribute_not_exists(pk)' } });
    await client.send(new TransactWriteItemsCommand({ TransactItems: [put('a'), put('b')] }));
    await expect(client.send(new TransactWriteItemsCommand({ TransactItems: [put('a')] }))).rejects.toMatchObject({ name: 'TransactionCanceledException' });
    const { Item } = await client.send(new GetItemCommand({ TableName: 'barrier', Key: { pk: { S: 'a' } } }));
    expect(Item?.big?.S).toHaveLength(300_000);
    const { Items } = await client.send(new ScanCommand({ TableName: 'barrier' }));
    expect(Items?.map((item) => item.pk?.S).sort()).toEqual(['a', 'b']);
  });
});
