import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  BatchWriteCommand,
  type BatchWriteCommandOutput,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';

/** BatchWriteItem takes at most 25 puts, BatchGetItem at most 100 keys. */
const BATCH_WRITE_LIMIT = 25;
const BATCH_GET_LIMIT = 100;
/** Requests in flight at once: enough to hide latency, few enough not to be throttled into retries. */
const PARALLEL_REQUESTS = 8;
const RETRY_BASE_MS = 20;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

async function inParallel<T>(jobs: readonly T[], run: (job: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const job = jobs[next] as T;
      next += 1;
      await run(job);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_REQUESTS, jobs.length) }, worker));
}

/**
 * Puts many items; unprocessed items (throttling) are sent again with growing pauses, as the
 * BatchWriteItem documentation asks. Not atomic: callers make the items unreachable until a
 * single conditional write publishes them.
 */
export async function putAll(client: DynamoDBDocumentClient, tableName: string, items: readonly Record<string, unknown>[]): Promise<void> {
  await inParallel(chunks(items, BATCH_WRITE_LIMIT), async (chunk) => {
    let pending = chunk.map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; pending.length > 0; attempt += 1) {
      if (attempt > 0) await pause(RETRY_BASE_MS * 2 ** Math.min(attempt, 6));
      const result: BatchWriteCommandOutput = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      pending = (result.UnprocessedItems?.[tableName] ?? []).flatMap((request) =>
        request.PutRequest?.Item === undefined ? [] : [{ PutRequest: { Item: request.PutRequest.Item } }],
      );
    }
  });
}

/** Reads many items by key (strongly consistent), typed as the caller stored them; absent keys are simply not returned. */
export async function getAll<Item>(client: DynamoDBDocumentClient, tableName: string, keys: readonly Record<string, unknown>[]): Promise<Item[]> {
  const found: Item[] = [];
  await inParallel(chunks(keys, BATCH_GET_LIMIT), async (chunk) => {
    let pending: Record<string, unknown>[] | undefined = chunk;
    for (let attempt = 0; pending !== undefined && pending.length > 0; attempt += 1) {
      if (attempt > 0) await pause(RETRY_BASE_MS * 2 ** Math.min(attempt, 6));
      const result: BatchGetCommandOutput = await client.send(
        new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }),
      );
      found.push(...((result.Responses?.[tableName] ?? []) as Item[]));
      pending = result.UnprocessedKeys?.[tableName]?.Keys;
    }
  });
  return found;
}
