import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  DynamoDBStreamsServiceException,
  ExpiredIteratorException,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
  TrimmedDataAccessException,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import { matchesEventPattern, OUTBOX_STREAM_FILTER, type ServiceManifest } from '@peixun/shared';
import type { DynamoDBBatchResponse } from 'aws-lambda';
import { LOCAL_AWS } from '../local-aws';
import type { RuntimeLog } from '../log';
import { tableName } from '../resource-names';
import { StreamCheckpoints } from './checkpoints';

type Invoke = (service: string, fn: string, event: unknown) => Promise<unknown>;

export interface OutboxRelayPollers {
  stop(): Promise<void>;
}

const POLL_INTERVAL_MS = 100;
/**
 * Once its shards are being read, a stream's shards are listed (DescribeStream) every this many
 * polls, and at once after a shard closed, since a new shard takes over from a closed one: listing
 * them on every poll cost the engine about as much as reading the records, ten times a second.
 */
const DESCRIBE_EVERY_POLLS = 10;
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
 * Where the poller stands in one shard.
 * - `unread`: nothing has been read from the shard yet (it was empty at start, or it is new).
 *   DynamoDB Local answers a shard iterator taken on an empty shard with TrimmedDataAccessException
 *   for good once the shard's first record arrives with a sequence number above the shard's start,
 *   which is the rule rather than the exception: sequence numbers are shared by all tables, so a
 *   write to another table in between leaves a gap (aws/aws-sdk-java#2923). Such a shard is
 *   therefore read with a fresh TRIM_HORIZON iterator each poll until it yields its first records;
 *   TRIM_HORIZON then starts at its oldest record, so nothing is skipped.
 * - `reading`: the iterator after the last record read (`lastSequence`), which DynamoDB Local keeps
 *   valid across gaps. Should it still be refused (trimmed or expired), reading resumes
 *   AFTER_SEQUENCE_NUMBER the last record read: nothing lost, nothing read twice.
 * - `closed`: a closed shard read to its end.
 */
type ShardPosition =
  | { readonly kind: 'unread' }
  | { readonly kind: 'reading'; readonly iterator: string; readonly lastSequence: string }
  | { readonly kind: 'closed' };

const PAGE_LIMIT = 1000;

/** The iterator was trimmed or has expired (after 15 minutes unused, e.g. a suspended laptop): take a new one. */
const isLostIterator = (error: unknown): boolean => error instanceof TrimmedDataAccessException || error instanceof ExpiredIteratorException;

/**
 * Whether reading on after `sequence` was refused for good, so that the shard is read from its
 * oldest record instead. A trimmed sequence number always is (DynamoDB Local keeps stream records
 * for 24 hours and answers a position before a shard's oldest record with TrimmedDataAccessException).
 * A checkpoint from the file may also be refused otherwise (a data directory put together from
 * different runs: a sequence number past the stream's end is an InternalFailure locally); a
 * sequence number this run has read itself is only ever trimmed.
 */
const isRefused = (error: unknown, sequence: 'checkpoint' | 'last read'): boolean =>
  error instanceof TrimmedDataAccessException ||
  (sequence === 'checkpoint' && error instanceof DynamoDBStreamsServiceException && !(error instanceof ExpiredIteratorException));

/**
 * The local stand-in for the DynamoDB stream → Lambda event-source mapping of each outbox table:
 * reads the table's stream shards, keeps the records the outbox filter passes (the same pattern
 * CDK gives Lambda) and invokes the service's relay function with them, retrying from the first
 * failed record as ReportBatchItemFailures asks. With a checkpoint file, the last record settled
 * per shard is kept there after each batch, and a restart resumes after it.
 */
class TablePoller {
  readonly #shards = new Map<string, ShardPosition>();
  /** The last record read per shard: the checkpoint once nothing read is waiting to be relayed. */
  readonly #readUpTo = new Map<string, string>();
  #pending: StreamRecord[] = [];
  #attempts = 0;
  #streamArn: string | undefined;
  /** `start` has just listed the shards. */
  #pollsUntilDescribe = DESCRIBE_EVERY_POLLS;

  constructor(
    private readonly service: string,
    private readonly relayFunction: string,
    private readonly dynamodb: DynamoDBClient,
    private readonly streams: DynamoDBStreamsClient,
    private readonly invoke: Invoke,
    private readonly log: RuntimeLog,
    private readonly checkpoints: StreamCheckpoints | undefined,
  ) {}

  /**
   * With checkpoints of this stream, each shard resumes after its checkpoint, and a shard without
   * one (new since, or empty until then) is read from its oldest record: all of it is unrelayed.
   * Without (no checkpoint file, a fresh data directory, or checkpoints of an earlier stream of a
   * re-created table), records already in the stream are passed over (read and dropped, so the
   * position is a known sequence number), so a restart replays nothing; empty shards are `unread`.
   */
  async start(): Promise<void> {
    const table = await this.dynamodb.send(new DescribeTableCommand({ TableName: tableName(this.service) }));
    this.#streamArn = table.Table?.LatestStreamArn;
    if (this.#streamArn === undefined) throw new Error(`Table of ${this.service} has no stream for its outbox`);
    const kept = this.checkpoints?.of(tableName(this.service), this.#streamArn);
    for (const shardId of await this.newShards()) {
      const after = kept?.get(shardId);
      if (after !== undefined) {
        this.#readUpTo.set(shardId, after);
        this.#shards.set(shardId, await this.resume(shardId, after, 'checkpoint'));
      } else {
        this.#shards.set(shardId, kept === undefined ? await this.passOver(shardId) : { kind: 'unread' });
      }
    }
    // Checkpoints of shards gone from the stream (trimmed after 24 hours) are dropped here.
    if (this.#pending.length === 0) this.settle();
  }

  async poll(): Promise<void> {
    // Until a shard yields its first records (a fresh table), the shards are listed on every poll, as before.
    const settledIn = this.#shards.size > 0 && [...this.#shards.values()].every((position) => position.kind !== 'unread');
    if (!settledIn || this.#pollsUntilDescribe <= 0) {
      for (const shardId of await this.newShards()) this.#shards.set(shardId, { kind: 'unread' });
      this.#pollsUntilDescribe = DESCRIBE_EVERY_POLLS;
    }
    this.#pollsUntilDescribe -= 1;
    for (const [shardId, position] of this.#shards) {
      const next = await this.read(shardId, position);
      if (next.kind === 'closed' && position.kind !== 'closed') this.#pollsUntilDescribe = 0;
      this.#shards.set(shardId, next);
    }
    if (this.#pending.length > 0) await this.deliver();
    if (this.#pending.length === 0) this.settle();
  }

  /** Everything read has been relayed (or skipped after its attempts): that is the checkpoint now. */
  private settle(): void {
    if (this.checkpoints === undefined || this.#streamArn === undefined) return;
    this.checkpoints.set(tableName(this.service), this.#streamArn, this.#readUpTo);
    this.checkpoints.flush();
  }

  private async passOver(shardId: string): Promise<ShardPosition> {
    let position = await this.readUnread(shardId, 'pass over');
    while (position.kind === 'reading') {
      const page = await this.streams.send(new GetRecordsCommand({ ShardIterator: position.iterator, Limit: PAGE_LIMIT }));
      if ((page.Records ?? []).length === 0) break;
      position = this.advance(shardId, position, page.NextShardIterator, page.Records ?? []);
    }
    return position;
  }

  private async newShards(): Promise<string[]> {
    const stream = await this.streams.send(new DescribeStreamCommand({ StreamArn: this.#streamArn }));
    return (stream.StreamDescription?.Shards ?? []).flatMap((shard) =>
      shard.ShardId === undefined || this.#shards.has(shard.ShardId) ? [] : [shard.ShardId],
    );
  }

  /** One page of the shard; its records (those the filter passes) join the pending batch. */
  private async read(shardId: string, position: ShardPosition): Promise<ShardPosition> {
    if (position.kind === 'closed') return position;
    if (position.kind === 'unread') return this.readUnread(shardId, 'relay');
    try {
      const page = await this.streams.send(new GetRecordsCommand({ ShardIterator: position.iterator, Limit: PAGE_LIMIT }));
      return this.advance(shardId, position, page.NextShardIterator, this.keep(page.Records ?? []));
    } catch (error) {
      if (!isLostIterator(error)) throw error;
      return this.resume(shardId, position.lastSequence, 'last read');
    }
  }

  /**
   * Reads on AFTER_SEQUENCE_NUMBER `after` (a checkpoint, or the last record read before the
   * iterator was lost), one page at once so that a refusal shows here. A refused position falls back
   * to TRIM_HORIZON (`unread`), logged once: every record still in the shard then comes after the
   * trimmed one, so nothing relayed is replayed and nothing retained is lost, where LATEST would
   * drop whatever was written after the checkpoint and is still kept.
   */
  private async resume(shardId: string, after: string, sequence: 'checkpoint' | 'last read'): Promise<ShardPosition> {
    let page: GetRecordsCommandOutput;
    try {
      const iterator = await this.shardIterator(shardId, 'AFTER_SEQUENCE_NUMBER', after);
      if (iterator === undefined) return { kind: 'closed' };
      page = await this.streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: PAGE_LIMIT }));
    } catch (error) {
      if (!isRefused(error, sequence)) throw error;
      const reason = error instanceof Error ? error.name : String(error);
      this.log.warn(
        `${this.service} 发件箱流位置 ${after} 已不可用（${reason}），分片 ${shardId} 从最早保留的记录继续中继 / ` +
          `outbox stream position ${after} refused (${reason}): shard ${shardId} is relayed from its oldest kept record (TRIM_HORIZON)`,
      );
      this.#readUpTo.delete(shardId);
      return { kind: 'unread' };
    }
    return this.advance(shardId, { kind: 'reading', iterator: '', lastSequence: after }, page.NextShardIterator, this.keep(page.Records ?? []));
  }

  /**
   * A fresh TRIM_HORIZON iterator, used at once: the shard stays `unread` until it yields records.
   * Should the shard's first record land between taking the iterator and using it, DynamoDB Local
   * refuses it as above; nothing was read, so the next poll simply takes a new one.
   */
  private async readUnread(shardId: string, records: 'relay' | 'pass over'): Promise<ShardPosition> {
    const iterator = await this.shardIterator(shardId, 'TRIM_HORIZON');
    if (iterator === undefined) return { kind: 'closed' };
    let page: GetRecordsCommandOutput;
    try {
      page = await this.streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: PAGE_LIMIT }));
    } catch (error) {
      if (isLostIterator(error)) return { kind: 'unread' };
      throw error;
    }
    const found = page.Records ?? [];
    if (found.length === 0) return page.NextShardIterator === undefined ? { kind: 'closed' } : { kind: 'unread' };
    return this.advance(shardId, { kind: 'unread' }, page.NextShardIterator, records === 'relay' ? this.keep(found) : found);
  }

  private advance(shardId: string, position: ShardPosition, next: string | undefined, records: readonly StreamRecord[]): ShardPosition {
    const lastSequence = records.at(-1)?.dynamodb?.SequenceNumber ?? (position.kind === 'reading' ? position.lastSequence : undefined);
    if (lastSequence !== undefined) this.#readUpTo.set(shardId, lastSequence);
    if (next === undefined) return { kind: 'closed' };
    return lastSequence === undefined ? { kind: 'unread' } : { kind: 'reading', iterator: next, lastSequence };
  }

  private keep(records: readonly StreamRecord[]): readonly StreamRecord[] {
    this.#pending.push(...records.filter((record) => matchesEventPattern(OUTBOX_STREAM_FILTER, record)));
    return records;
  }

  private async shardIterator(
    shardId: string,
    type: 'TRIM_HORIZON' | 'AFTER_SEQUENCE_NUMBER',
    sequenceNumber?: string,
  ): Promise<string | undefined> {
    const answer = await this.streams.send(
      new GetShardIteratorCommand({
        StreamArn: this.#streamArn,
        ShardId: shardId,
        ShardIteratorType: type,
        ...(sequenceNumber === undefined ? {} : { SequenceNumber: sequenceNumber }),
      }),
    );
    return answer.ShardIterator;
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

/**
 * `checkpointFile`: where the last record settled per table stream and shard is kept between runs
 * (in the data directory); without it (in-memory runs) each start passes over what its streams hold.
 */
export async function startOutboxRelayPollers(
  manifests: readonly ServiceManifest[],
  dynamodbEndpoint: string,
  invoke: Invoke,
  log: RuntimeLog,
  checkpointFile?: string,
): Promise<OutboxRelayPollers> {
  const dynamodb = new DynamoDBClient({ ...LOCAL_AWS, endpoint: dynamodbEndpoint });
  const streams = new DynamoDBStreamsClient({ ...LOCAL_AWS, endpoint: dynamodbEndpoint });
  const checkpoints = checkpointFile === undefined ? undefined : StreamCheckpoints.load(checkpointFile, log);
  const pollers = manifests.flatMap((manifest) => {
    const outbox = manifest.resources.table?.outbox;
    return outbox === undefined ? [] : [new TablePoller(manifest.name, outbox.function, dynamodb, streams, invoke, log, checkpoints)];
  });
  try {
    await Promise.all(pollers.map((poller) => poller.start()));
  } catch (error) {
    dynamodb.destroy();
    streams.destroy();
    throw error;
  }

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
    /** Lets the poll under way finish (its batch relayed and checkpointed), then writes whatever is left unwritten. */
    async stop() {
      running = false;
      await loop;
      dynamodb.destroy();
      streams.destroy();
      checkpoints?.flush();
    },
  };
}
