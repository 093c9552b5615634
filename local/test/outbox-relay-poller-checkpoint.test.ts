import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataPaths } from '../src/data-dir';
import { startDynamoDbLocal, type DynamoDbLocal } from '../src/engines/dynamodb-local';
import { LOCAL_AWS } from '../src/local-aws';
import type { RuntimeLog } from '../src/log';
import { tableName } from '../src/resource-names';
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

/**
 * The poller keeps, in the data directory, the last record relayed per table stream and shard, so
 * that `npm start` after a Ctrl-C relays what the last run had not, once, and nothing else.
 * DynamoDB Local persists its streams with its tables; one process serves all tests here, each
 * test with tables of its own, and a poller restart on the same checkpoint file stands for a restart.
 */
let dynamodbLocal: DynamoDbLocal;
let dynamodb: DynamoDBClient;
let streams: DynamoDBStreamsClient;
const dataDir = mkdtempSync(join(tmpdir(), 'peixun-outbox-checkpoints-'));

const createTables = (services: readonly string[]): Promise<void> => createOutboxTables(dynamodb, services);

const startPollers = (services: readonly string[], invoke: Invoke, log: RuntimeLog, checkpointFile: string): Promise<OutboxRelayPollers> =>
  startOutboxRelayPollers(services.map(manifestOf), dynamodbLocal.endpoint, invoke, log, checkpointFile);

const writeOutboxItem = (service: string, pk: string) => writeOutbox(dynamodb, service, pk);
const writeOtherItem = (service: string, pk: string) => writeOther(dynamodb, service, pk);

async function streamOf(service: string): Promise<{ streamArn: string; shardId: string; shardStart: string }> {
  const table = await dynamodb.send(new DescribeTableCommand({ TableName: tableName(service) }));
  const streamArn = table.Table?.LatestStreamArn ?? '';
  const shard = (await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }))).StreamDescription?.Shards?.[0];
  return { streamArn, shardId: shard?.ShardId ?? '', shardStart: shard?.SequenceNumberRange?.StartingSequenceNumber ?? '' };
}

interface CheckpointFileContent {
  version: number;
  tables: Record<string, { streamArn: string; shards: Record<string, string> }>;
}

/** A checkpoint file as a previous run would have left it. */
function writeCheckpoints(file: string, content: CheckpointFileContent): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(content));
}

const readCheckpoints = (file: string): CheckpointFileContent => JSON.parse(readFileSync(file, 'utf8')) as CheckpointFileContent;

const checkpointFileFor = (name: string): string => dataPaths(join(dataDir, name)).outboxCheckpoints;

beforeAll(async () => {
  dynamodbLocal = await startDynamoDbLocal({ port: 0 });
  dynamodb = new DynamoDBClient({ ...LOCAL_AWS, endpoint: dynamodbLocal.endpoint });
  streams = new DynamoDBStreamsClient({ ...LOCAL_AWS, endpoint: dynamodbLocal.endpoint });
});

afterAll(async () => {
  dynamodb.destroy();
  streams.destroy();
  await dynamodbLocal.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('outbox stream checkpoints (the stream → Lambda mapping resumes where it stopped)', () => {
  it('relays, after a restart on the same data directory, exactly the records the last run had not relayed, once each', async () => {
    const services = ['gamma', 'delta'];
    await createTables(services);
    const file = checkpointFileFor('restart');
    const { log, warnings } = capturingLog();

    const first = recordingRelay();
    let pollers = await startPollers(services, first.invoke, log, file);
    try {
      await writeOutboxItem('gamma', 'g1');
      await writeOtherItem('delta', 'TRAINEE#1');
      await writeOutboxItem('delta', 'd1');
      await relayedEventually(first.relayed, [
        { service: 'gamma', pk: 'OUTBOX#g1' },
        { service: 'delta', pk: 'OUTBOX#d1' },
      ]);
    } finally {
      await pollers.stop();
    }
    // Written after the last relayed batch, while nothing relays (the Ctrl-C window).
    await writeOutboxItem('gamma', 'g2');
    await writeOtherItem('gamma', 'TRAINEE#2');
    await writeOutboxItem('delta', 'd2');
    await writeOutboxItem('gamma', 'g3');

    const second = recordingRelay();
    pollers = await startPollers(services, second.invoke, log, file);
    try {
      await relayedEventually(second.relayed, [
        { service: 'gamma', pk: 'OUTBOX#g2' },
        { service: 'gamma', pk: 'OUTBOX#g3' },
        { service: 'delta', pk: 'OUTBOX#d2' },
      ]);
      // Written just before a stop: relayed by this run or the next, never by both.
      await writeOutboxItem('delta', 'd3');
      await writeOutboxItem('gamma', 'g4');
    } finally {
      await pollers.stop();
    }

    const third = recordingRelay();
    pollers = await startPollers(services, third.invoke, log, file);
    try {
      await writeOutboxItem('gamma', 'g5');
      const beforeStop = second.relayed.filter((record) => ['OUTBOX#d3', 'OUTBOX#g4'].includes(record.pk));
      await relayedEventually(third.relayed, [
        ...[
          { service: 'delta', pk: 'OUTBOX#d3' },
          { service: 'gamma', pk: 'OUTBOX#g4' },
        ].filter((record) => !beforeStop.some((seen) => seen.pk === record.pk)),
        { service: 'gamma', pk: 'OUTBOX#g5' },
      ]);
    } finally {
      await pollers.stop();
    }
    expect(warnings).toEqual([]);
    const kept = readCheckpoints(file);
    expect(Object.keys(kept.tables).sort()).toEqual([tableName('delta'), tableName('gamma')]);
    expect(kept.tables[tableName('gamma')]?.streamArn).toBe((await streamOf('gamma')).streamArn);
  });

  it('relays after a restart the batch a stop interrupted (the relay had not succeeded yet)', async () => {
    const services = ['epsilon'];
    await createTables(services);
    const file = checkpointFileFor('interrupted');
    const { log, warnings } = capturingLog();

    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let called: () => void = () => {};
    const invoked = new Promise<void>((resolve) => {
      called = resolve;
    });
    // The relay is under way when Ctrl-C comes and fails (the function host is stopping).
    const interrupted: Invoke = async () => {
      called();
      await released;
      throw new Error('function host stopped');
    };
    let pollers = await startPollers(services, interrupted, log, file);
    await writeOutboxItem('epsilon', 'e1');
    await writeOutboxItem('epsilon', 'e2');
    await invoked;
    const stopping = pollers.stop();
    release();
    await stopping;
    expect(warnings).toEqual(['epsilon 发件箱中继失败 / outbox relay failed: Error']);

    const next = recordingRelay();
    pollers = await startPollers(services, next.invoke, log, file);
    try {
      await relayedEventually(next.relayed, [
        { service: 'epsilon', pk: 'OUTBOX#e1' },
        { service: 'epsilon', pk: 'OUTBOX#e2' },
      ]);
    } finally {
      await pollers.stop();
    }
    expect(warnings).toHaveLength(1);
  });

  it('ignores checkpoints of another stream (the table was re-created) and passes over what the stream holds, as without any', async () => {
    const services = ['zeta'];
    await createTables(services);
    const file = checkpointFileFor('unknown-stream');
    const { streamArn, shardId } = await streamOf('zeta');
    const earlierStream = streamArn.replace(/stream\/.*$/, 'stream/2026-01-01T00:00:00.000');
    writeCheckpoints(file, {
      version: 1,
      tables: { [tableName('zeta')]: { streamArn: earlierStream, shards: { [shardId]: '000000000000000000001' } } },
    });
    await writeOutboxItem('zeta', 'z1');
    const { log, warnings } = capturingLog();

    const relay = recordingRelay();
    const pollers = await startPollers(services, relay.invoke, log, file);
    try {
      await writeOutboxItem('zeta', 'z2');
      await relayedEventually(relay.relayed, [{ service: 'zeta', pk: 'OUTBOX#z2' }]);
    } finally {
      await pollers.stop();
    }
    expect(warnings).toEqual([]);
    expect(readCheckpoints(file).tables[tableName('zeta')]?.streamArn).toBe(streamArn);
  });

  it('falls back to the oldest kept record, logging once, when DynamoDB Local refuses a checkpoint as trimmed (kept 24 h)', async () => {
    const services = ['eta'];
    await createTables(services);
    const file = checkpointFileFor('trimmed');
    // Other tables write first, so the shard's oldest record lies two numbers above the shard's start:
    // reading after the start is reading before the oldest record, which DynamoDB Local refuses as
    // trimmed, as it does for a checkpoint whose record it dropped after 24 hours.
    await writeOtherItem('gamma', 'TRAINEE#9');
    await writeOtherItem('delta', 'TRAINEE#9');
    await writeOutboxItem('eta', 'h1');
    await writeOtherItem('eta', 'TRAINEE#1');
    await writeOutboxItem('eta', 'h2');
    const { streamArn, shardId, shardStart } = await streamOf('eta');
    writeCheckpoints(file, { version: 1, tables: { [tableName('eta')]: { streamArn, shards: { [shardId]: shardStart } } } });
    const { log, warnings } = capturingLog();

    const relay = recordingRelay();
    const pollers = await startPollers(services, relay.invoke, log, file);
    try {
      // Everything still kept comes after the trimmed checkpoint: relayed once, and nothing newer lost.
      await relayedEventually(relay.relayed, [
        { service: 'eta', pk: 'OUTBOX#h1' },
        { service: 'eta', pk: 'OUTBOX#h2' },
      ]);
      await writeOutboxItem('eta', 'h3');
      await relayedEventually(relay.relayed, [
        { service: 'eta', pk: 'OUTBOX#h1' },
        { service: 'eta', pk: 'OUTBOX#h2' },
        { service: 'eta', pk: 'OUTBOX#h3' },
      ]);
    } finally {
      await pollers.stop();
    }
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('TrimmedDataAccessException');
    expect(warnings[0]).toContain('TRIM_HORIZON');
    expect(readCheckpoints(file).tables[tableName('eta')]?.shards[shardId]).not.toBe(shardStart);
  });
});
