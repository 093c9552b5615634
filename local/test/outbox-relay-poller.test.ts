import { CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { ServiceManifest } from '@peixun/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynamoDbLocal, type DynamoDbLocal } from '../src/engines/dynamodb-local';
import { LOCAL_AWS } from '../src/local-aws';
import type { RuntimeLog } from '../src/log';
import { tableName } from '../src/resource-names';
import { startOutboxRelayPollers, type OutboxRelayPollers } from '../src/streams/outbox-relay-poller';

/** Two services with an outbox each: DynamoDB Local numbers the stream records of all tables in one sequence. */
const SERVICES = ['alpha', 'beta'] as const;

const manifestOf = (name: string): ServiceManifest => ({
  name,
  functions: { relayOutbox: { entry: 'relay.ts', description: 'outbox relay (stand-in)' } },
  routes: [],
  subscriptions: [],
  resources: { table: { indexes: [], outbox: { function: 'relayOutbox' } }, publishesEvents: true },
});

interface Relayed {
  readonly service: string;
  readonly pk: string;
}

let dynamodbLocal: DynamoDbLocal;
let dynamodb: DynamoDBClient;
const relayed: Relayed[] = [];
const logged: string[] = [];

const log: RuntimeLog = {
  info: () => {},
  warn: (message) => logged.push(message),
  error: (message, cause) => logged.push(`${message}: ${cause instanceof Error ? cause.name : String(cause)}`),
  output: () => {},
};

/** The relay function's stand-in: records what it was handed, as the outbox relay would put it on the bus. */
async function invoke(service: string, _fn: string, event: unknown): Promise<unknown> {
  const records = (event as { Records: Array<{ dynamodb?: { Keys?: { pk?: { S?: string } } } }> }).Records;
  for (const record of records) relayed.push({ service, pk: record.dynamodb?.Keys?.pk?.S ?? '' });
  return { batchItemFailures: [] };
}

const startPollers = (): Promise<OutboxRelayPollers> => startOutboxRelayPollers(SERVICES.map(manifestOf), dynamodbLocal.endpoint, invoke, log);

const writeOutboxItem = (service: string, pk: string) =>
  dynamodb.send(new PutItemCommand({ TableName: tableName(service), Item: { pk: { S: `OUTBOX#${pk}` }, sk: { S: 'EVENT' } } }));

const writeOtherItem = (service: string, pk: string) =>
  dynamodb.send(new PutItemCommand({ TableName: tableName(service), Item: { pk: { S: pk }, sk: { S: 'STATE' } } }));

async function relayedEventually(expected: readonly Relayed[]): Promise<void> {
  const deadline = Date.now() + 10_000;
  const sorted = (list: readonly Relayed[]) => [...list].sort((a, b) => `${a.service}${a.pk}`.localeCompare(`${b.service}${b.pk}`));
  while (relayed.length < expected.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  // A few more polls: a record relayed twice would show up now.
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(sorted(relayed)).toEqual(sorted(expected));
}

beforeAll(async () => {
  dynamodbLocal = await startDynamoDbLocal({ port: 0 });
  dynamodb = new DynamoDBClient({ ...LOCAL_AWS, endpoint: dynamodbLocal.endpoint });
  for (const service of SERVICES) {
    await dynamodb.send(
      new CreateTableCommand({
        TableName: tableName(service),
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
      }),
    );
  }
});

afterAll(async () => {
  dynamodb.destroy();
  await dynamodbLocal.stop();
});

describe('outbox stream poller (local stand-in for the stream → Lambda mapping)', () => {
  it('relays the first records of fresh, empty streams once each, without stream errors, when another table wrote first', async () => {
    const pollers = await startPollers();
    try {
      // beta's and alpha's first records get sequence numbers above their shards' start: DynamoDB
      // Local then refuses an iterator taken while the shard was empty (TrimmedDataAccessException).
      await writeOtherItem('beta', 'TRAINEE#1');
      await writeOutboxItem('beta', 'b1');
      await writeOutboxItem('alpha', 'a1');
      await relayedEventually([
        { service: 'beta', pk: 'OUTBOX#b1' },
        { service: 'alpha', pk: 'OUTBOX#a1' },
      ]);
      // Steady state, with writes to both tables interleaved.
      await writeOutboxItem('alpha', 'a2');
      await writeOtherItem('beta', 'TRAINEE#2');
      await writeOutboxItem('alpha', 'a3');
      await writeOutboxItem('beta', 'b2');
      await relayedEventually([
        { service: 'beta', pk: 'OUTBOX#b1' },
        { service: 'alpha', pk: 'OUTBOX#a1' },
        { service: 'alpha', pk: 'OUTBOX#a2' },
        { service: 'alpha', pk: 'OUTBOX#a3' },
        { service: 'beta', pk: 'OUTBOX#b2' },
      ]);
    } finally {
      await pollers.stop();
    }
    expect(logged).toEqual([]);
  });

  it('after a restart on kept tables relays only what is written from then on', async () => {
    relayed.length = 0;
    const pollers = await startPollers();
    try {
      await writeOutboxItem('beta', 'b3');
      await writeOutboxItem('alpha', 'a4');
      await relayedEventually([
        { service: 'beta', pk: 'OUTBOX#b3' },
        { service: 'alpha', pk: 'OUTBOX#a4' },
      ]);
    } finally {
      await pollers.stop();
    }
    expect(logged).toEqual([]);
  });
});
