import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import { matchesEventPattern, OUTBOX_STREAM_FILTER, type ServiceManifest } from '@peixun/shared';
import type { DynamoDBBatchResponse } from 'aws-lambda';
import { LOCAL_AWS } from '../local-aws';
import type { RuntimeLog } from '../log';
import { tableName } from '../resource-names';

type Invoke = (service: string, fn: string, event: unknown) => Promise<unknown>;

export interface OutboxRelayPollers {
  stop(): Promise<void>;
}

const POLL_INTERVAL_MS = 100;
/** Like Lambda's event-source mapping with a retry limit: a batch that keeps failing is logged and skipped. */
const MAX_ATTEMPTS = 3;

/** Lambda hands stream records to the function as JSON; the SDK's Date becomes epoch seconds. */
function asLambdaRecord(record: StreamRecord, streamArn: string): unknown {
  const created = record.dynamodb?.ApproximateCreationDateTime;
  return {
    ...record,
    eventSourceARN: streamArn,
    dynamodb: { ...record.dynamodb, ...(created === undefined ? {} : { ApproximateCreationDateTime: created.getTime() / 1000 }) },
  };
}

function failedSequence(response: unknown): string | undefined {
  const failures = (response as DynamoDBBatchResponse | undefined)?.batchItemFailures ?? [];
  return failures[0]?.itemIdentifier;
}

/**
 * The local stand-in for the DynamoDB stream → Lambda event-source mapping of each outbox table:
 * reads the table's stream shards, keeps the records the outbox filter passes (the same pattern
 * CDK gives Lambda) and invokes the service's relay function with them, retrying from the first
 * failed record as ReportBatchItemFailures asks.
 */
class TablePoller {
  readonly #iterators = new Map<string, string | undefined>();
  #pending: StreamRecord[] = [];
  #attempts = 0;
  #streamArn: string | undefined;

  constructor(
    private readonly service: string,
    private readonly relayFunction: string,
    private readonly dynamodb: DynamoDBClient,
    private readonly streams: DynamoDBStreamsClient,
    private readonly invoke: Invoke,
    private readonly log: RuntimeLog,
  ) {}

  /** Shards open at start are read from their end, so a restart with kept data replays nothing. */
  async start(): Promise<void> {
    const table = await this.dynamodb.send(new DescribeTableCommand({ TableName: tableName(this.service) }));
    this.#streamArn = table.Table?.LatestStreamArn;
    if (this.#streamArn === undefined) throw new Error(`Table of ${this.service} has no stream for its outbox`);
    await this.discoverShards('LATEST');
  }

  async poll(): Promise<void> {
    await this.discoverShards('TRIM_HORIZON');
    for (const [shardId, iterator] of this.#iterators) {
      if (iterator === undefined) continue;
      const page = await this.streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 100 }));
      this.#iterators.set(shardId, page.NextShardIterator);
      this.#pending.push(...(page.Records ?? []).filter((record) => matchesEventPattern(OUTBOX_STREAM_FILTER, record)));
    }
    if (this.#pending.length > 0) await this.deliver();
  }

  private async discoverShards(startAt: 'LATEST' | 'TRIM_HORIZON'): Promise<void> {
    const stream = await this.streams.send(new DescribeStreamCommand({ StreamArn: this.#streamArn }));
    for (const shard of stream.StreamDescription?.Shards ?? []) {
      if (shard.ShardId === undefined || this.#iterators.has(shard.ShardId)) continue;
      const iterator = await this.streams.send(
        new GetShardIteratorCommand({ StreamArn: this.#streamArn, ShardId: shard.ShardId, ShardIteratorType: startAt }),
      );
      this.#iterators.set(shard.ShardId, iterator.ShardIterator);
    }
  }

  private async deliver(): Promise<void> {
    const streamArn = this.#streamArn ?? '';
    const response = await this.invoke(this.service, this.relayFunction, {
      Records: this.#pending.map((record) => asLambdaRecord(record, streamArn)),
    }).catch((error: unknown) => {
      this.log.error(`${this.service} 发件箱中继失败 / outbox relay failed`, error);
      return { batchItemFailures: [{ itemIdentifier: this.#pending[0]?.dynamodb?.SequenceNumber ?? '' }] };
    });
    const failed = failedSequence(response);
    if (failed === undefined) {
      this.#pending = [];
      this.#attempts = 0;
      return;
    }
    this.#pending = this.#pending.slice(Math.max(0, this.#pending.findIndex((record) => record.dynamodb?.SequenceNumber === failed)));
    this.#attempts += 1;
    if (this.#attempts >= MAX_ATTEMPTS) {
      this.log.error(`${this.service} 发件箱事件投递多次失败，已跳过 / outbox records skipped after ${MAX_ATTEMPTS} attempts`, this.#pending);
      this.#pending = [];
      this.#attempts = 0;
    }
  }
}

export async function startOutboxRelayPollers(
  manifests: readonly ServiceManifest[],
  dynamodbEndpoint: string,
  invoke: Invoke,
  log: RuntimeLog,
): Promise<OutboxRelayPollers> {
  const dynamodb = new DynamoDBClient({ ...LOCAL_AWS, endpoint: dynamodbEndpoint });
  const streams = new DynamoDBStreamsClient({ ...LOCAL_AWS, endpoint: dynamodbEndpoint });
  const pollers = manifests.flatMap((manifest) => {
    const outbox = manifest.resources.table?.outbox;
    return outbox === undefined ? [] : [new TablePoller(manifest.name, outbox.function, dynamodb, streams, invoke, log)];
  });
  await Promise.all(pollers.map((poller) => poller.start()));

  let running = true;
  const loop = (async () => {
    while (running) {
      await Promise.all(
        pollers.map((poller) =>
          poller.poll().catch((error: unknown) => log.error('读取 DynamoDB 流失败 / stream poll failed', error)),
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      dynamodb.destroy();
      streams.destroy();
    },
  };
}
