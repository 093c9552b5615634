import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynamoDbLocal, type DynamoDbLocal } from '../src/engines/dynamodb-local';
import { LOCAL_AWS } from '../src/local-aws';
import { startOutboxRelayPollers, type OutboxRelayPollers } from '../src/streams/outbox-relay-poller';
import {
  capturingLog,
  createOutboxTables,
  type Invoke,
  manifestOf,
  recordingRelay,
  relayedEventually,
  writeOtherItem as writeOther,
  writeOutboxItem as writeOutbox,
} from './fixtures/outbox-streams';

/** Two services with an outbox each: DynamoDB Local numbers the stream records of all tables in one sequence. */
const SERVICES = ['alpha', 'beta'] as const;

let dynamodbLocal: DynamoDbLocal;
let dynamodb: DynamoDBClient;
const { log, warnings: logged } = capturingLog();

const startPollers = (relay: { invoke: Invoke }): Promise<OutboxRelayPollers> =>
  startOutboxRelayPollers(SERVICES.map(manifestOf), dynamodbLocal.endpoint, relay.invoke, log);

const writeOutboxItem = (service: string, pk: string) => writeOutbox(dynamodb, service, pk);
const writeOtherItem = (service: string, pk: string) => writeOther(dynamodb, service, pk);

beforeAll(async () => {
  dynamodbLocal = await startDynamoDbLocal({ port: 0 });
  dynamodb = new DynamoDBClient({ ...LOCAL_AWS, endpoint: dynamodbLocal.endpoint });
  await createOutboxTables(dynamodb, SERVICES);
});

afterAll(async () => {
  dynamodb.destroy();
  await dynamodbLocal.stop();
});

describe('outbox stream poller (local stand-in for the stream → Lambda mapping)', () => {
  it('relays the first records of fresh, empty streams once each, without stream errors, when another table wrote first', async () => {
    const relay = recordingRelay();
    const pollers = await startPollers(relay);
    try {
      // beta's and alpha's first records get sequence numbers above their shards' start: DynamoDB
      // Local then refuses an iterator taken while the shard was empty (TrimmedDataAccessException).
      await writeOtherItem('beta', 'TRAINEE#1');
      await writeOutboxItem('beta', 'b1');
      await writeOutboxItem('alpha', 'a1');
      await relayedEventually(relay.relayed, [
        { service: 'beta', pk: 'OUTBOX#b1' },
        { service: 'alpha', pk: 'OUTBOX#a1' },
      ]);
      // Steady state, with writes to both tables interleaved.
      await writeOutboxItem('alpha', 'a2');
      await writeOtherItem('beta', 'TRAINEE#2');
      await writeOutboxItem('alpha', 'a3');
      await writeOutboxItem('beta', 'b2');
      await relayedEventually(relay.relayed, [
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
    const relay = recordingRelay();
    const pollers = await startPollers(relay);
    try {
      await writeOutboxItem('beta', 'b3');
      await writeOutboxItem('alpha', 'a4');
      await relayedEventually(relay.relayed, [
        { service: 'beta', pk: 'OUTBOX#b3' },
        { service: 'alpha', pk: 'OUTBOX#a4' },
      ]);
    } finally {
      await pollers.stop();
    }
    expect(logged).toEqual([]);
  });
});
