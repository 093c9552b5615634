import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  GetCommand,
  paginateQuery,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { outboxPuts, queryAll, transactGroups, type GuardedAction, type OutboxItem, type TransactItem } from '@peixun/shared';
import type { Approval, Batch, BatchLine, BatchStatus, Cancellation, LineStatus } from '../domain/batch';
import type { ControlTotals } from '../domain/control-totals';
import type { PayeeAccount } from '../domain/payee-account';
import type { ReadyClaim, ReadyForPayment } from '../domain/ready-claim';
import type { ExceptionKind } from '../domain/reconciliation';
import { IF_ABSENT, keys } from './keys';

/** Indexes of the transaction's items whose condition failed; undefined when it failed otherwise. */
export function failedConditions(error: unknown): number[] | undefined {
  if (!(error instanceof TransactionCanceledException)) return undefined;
  const reasons = error.CancellationReasons ?? [];
  const failed = reasons.flatMap((reason, index) => (reason.Code === 'ConditionalCheckFailed' ? [index] : []));
  return failed.length > 0 ? failed : undefined;
}

/** DynamoDB refuses concurrent transactions on the same items (TransactionConflict); those are retried. */
export function isConflict(error: unknown): boolean {
  return error instanceof TransactionCanceledException && (error.CancellationReasons ?? []).some((reason) => reason.Code === 'TransactionConflict');
}

const strip = <T>(item: Record<string, unknown> | undefined): T | undefined => {
  if (item === undefined) return undefined;
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g1s, gsi2pk: _g2, gsi2sk: _g2s, ...rest } = item;
  return rest as T;
};

export interface ExceptionRecord {
  readonly batchId: string;
  readonly fileHash: string;
  readonly index: number;
  readonly kind: ExceptionKind;
  readonly endToEndId: string;
  readonly detail: string;
  readonly at: string;
}

export interface ImportRecord {
  readonly fileHash: string;
  readonly batchId: string;
  readonly format: string;
  readonly status: 'APPLYING' | 'DONE';
  readonly startedAt: string;
  readonly applied?: number;
  readonly exceptions?: number;
}

export type Outcome = 'PAID' | 'FAILED' | 'RETURNED';

/** One bank answer to write for one line, decided on the line as it was read. */
export interface OutcomeWrite {
  readonly line: BatchLine;
  readonly from: LineStatus;
  readonly to: Outcome;
  readonly fileHash: string;
  readonly reason: { reasonCode: string; reason: string } | undefined;
  readonly event: OutboxItem;
}
/** Why a line's answer was not written: the line moved, or the claim stands as paid by another line. */
export type OutcomeRefusal = 'line-changed' | 'already-paid';

/**
 * Every state change of the payments table is a conditional write; those that announce
 * something carry their outbox items in the same transaction.
 */
export class PaymentsRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  // ---- ready claims -------------------------------------------------------------------------

  /** First delivery wins; a redelivery (same paymentKey) is refused by the condition and answered `false`. */
  async putReady(claim: ReadyForPayment): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.ready(claim.paymentKey),
            ...claim,
            status: 'READY',
            attempts: 0,
            gsi1pk: keys.readyIndex(claim.areaCode, claim.subsidyKind),
            gsi1sk: `${claim.readyAt}#${claim.paymentKey}`,
          },
          ConditionExpression: IF_ABSENT,
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  async getReady(paymentKey: string): Promise<ReadyClaim | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.ready(paymentKey), ConsistentRead: true }));
    return strip<ReadyClaim>(Item);
  }

  /** The oldest ready claims of an area and subsidy kind, at most `limit` (pages stop once enough are read). */
  async readyClaims(areaCode: string, subsidyKind: string, limit: number): Promise<ReadyClaim[]> {
    const found: ReadyClaim[] = [];
    const pages = paginateQuery(
      { client: this.client, pageSize: Math.min(limit, 1000) },
      {
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.readyIndex(areaCode, subsidyKind) },
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) if (found.length < limit) found.push(strip<ReadyClaim>(item) as ReadyClaim);
      if (found.length >= limit) break;
    }
    return found;
  }

  /** Only after every earlier payment failed or came back, and while no payment of it stands as paid. */
  async reopenForRetry(claim: ReadyClaim, by: string, at: Date): Promise<void> {
    await this.client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: this.tableName,
              Key: keys.ready(claim.paymentKey),
              UpdateExpression: 'SET #status = :ready, gsi1pk = :gpk, gsi1sk = :gsk, retriedBy = :by, retriedAt = :at REMOVE batchId, paymentLineId',
              ConditionExpression: '#status IN (:failed, :returned) AND batchId = :batch',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':ready': 'READY',
                ':failed': 'FAILED',
                ':returned': 'RETURNED',
                ':batch': claim.batchId,
                ':gpk': keys.readyIndex(claim.areaCode, claim.subsidyKind),
                ':gsk': `${claim.readyAt}#${claim.paymentKey}`,
                ':by': by,
                ':at': at.toISOString(),
              },
            },
          },
          { ConditionCheck: { TableName: this.tableName, Key: keys.paid(claim.paymentKey), ConditionExpression: IF_ABSENT } },
        ],
      }),
    );
  }

  // ---- batches ------------------------------------------------------------------------------

  async createBatch(batch: Batch): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.batch(batch.batchId),
          ...batch,
          gsi1pk: keys.batchesOfArea(batch.areaCode),
          gsi1sk: `${batch.createdAt}#${batch.batchId}`,
          gsi2pk: keys.building,
          gsi2sk: `${batch.createdAt}#${batch.batchId}`,
        },
        ConditionExpression: IF_ABSENT,
      }),
    );
  }

  async getBatch(batchId: string): Promise<Batch | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.batch(batchId), ConsistentRead: true }));
    return strip<Batch>(Item);
  }

  async batchesOfArea(areaCode: string): Promise<Batch[]> {
    const items = await queryAll<Record<string, unknown>>(this.client, this.tableName, {
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.batchesOfArea(areaCode) },
      ScanIndexForward: false,
    });
    return items.map((item) => strip<Batch>(item) as Batch);
  }

  /**
   * One page of an area's batches, newest first. `after` is the index sort key (`createdAt#batchId`)
   * of the last batch shown; the rest of the start key follows from it.
   */
  async batchPage(areaCode: string, limit: number, after: string | undefined): Promise<{ batches: Batch[]; after?: string }> {
    const batchId = after?.split('#')[1];
    const { Items = [], LastEvaluatedKey } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.batchesOfArea(areaCode) },
        ScanIndexForward: false,
        Limit: limit,
        ...(after === undefined || batchId === undefined ? {} : { ExclusiveStartKey: { ...keys.batch(batchId), gsi1pk: keys.batchesOfArea(areaCode), gsi1sk: after } }),
      }),
    );
    const last = Items.at(-1)?.gsi1sk;
    return { batches: Items.map((item) => strip<Batch>(item) as Batch), ...(LastEvaluatedKey !== undefined && typeof last === 'string' ? { after: last } : {}) };
  }

  /** Claims of one kind waiting for a batch in the area, counted up to `cap` (the sparse index holds only READY ones). */
  async countReady(areaCode: string, subsidyKind: string, cap: number): Promise<{ count: number; atLeast: boolean }> {
    let count = 0;
    const pages = paginateQuery(
      { client: this.client, pageSize: cap },
      {
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.readyIndex(areaCode, subsidyKind) },
        Select: 'COUNT',
      },
    );
    for await (const page of pages) {
      count += page.Count ?? 0;
      if (count >= cap) return { count: cap, atLeast: true };
    }
    return { count, atLeast: false };
  }

  /** Batches whose build was interrupted: the sweep seals them. */
  buildingBatches(): Promise<Batch[]> {
    return this.batchesMarked(keys.building);
  }

  /** Batches whose cancellation was interrupted: the sweep finishes releasing their claims. */
  cancellingBatches(): Promise<Batch[]> {
    return this.batchesMarked(keys.cancelling);
  }

  /** A batch in a transient state carries that state's gsi2 marker until the step completes. */
  private async batchesMarked(marker: string): Promise<Batch[]> {
    const items = await queryAll<Record<string, unknown>>(this.client, this.tableName, {
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': marker },
    });
    return items.map((item) => strip<Batch>(item) as Batch);
  }

  /**
   * Moves claims into the batch: each claim's READY item is the sentinel (condition: still
   * READY), changed in the same transaction that writes its line. Returns the paymentKeys another
   * batch took first; the caller retries without them.
   */
  async claimLines(batchId: string, lines: readonly BatchLine[]): Promise<{ taken: string[]; batchClosed: boolean }> {
    // The batch must still be building: a sealed batch's lines are fixed with its control totals.
    const stillBuilding: TransactItem = {
      ConditionCheck: {
        TableName: this.tableName,
        Key: keys.batch(batchId),
        ConditionExpression: '#status = :building',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':building': 'BUILDING' },
      },
    };
    const items: TransactItem[] = [stillBuilding, ...lines.flatMap((line): TransactItem[] => [
      {
        Update: {
          TableName: this.tableName,
          Key: keys.ready(line.paymentKey),
          UpdateExpression: 'SET #status = :inBatch, batchId = :batch, paymentLineId = :line, attempts = attempts + :one REMOVE gsi1pk, gsi1sk',
          ConditionExpression: '#status = :ready',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':inBatch': 'IN_BATCH', ':ready': 'READY', ':batch': line.batchId, ':line': line.paymentLineId, ':one': 1 },
        },
      },
      { Put: { TableName: this.tableName, Item: { ...keys.line(line.batchId, line.paymentLineId), ...line }, ConditionExpression: IF_ABSENT } },
    ])];
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items }));
      return { taken: [], batchClosed: false };
    } catch (error) {
      const failed = failedConditions(error);
      if (failed === undefined) throw error;
      if (failed.includes(0)) return { taken: [], batchClosed: true };
      return { taken: failed.map((index) => lines[Math.floor((index - 1) / 2)]?.paymentKey ?? ''), batchClosed: false };
    }
  }

  async lines(batchId: string): Promise<BatchLine[]> {
    const items = await queryAll<Record<string, unknown>>(this.client, this.tableName, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :line)',
      ExpressionAttributeValues: { ':pk': keys.batch(batchId).pk, ':line': 'LINE#' },
      ConsistentRead: true,
    });
    return items.map((item) => strip<BatchLine>(item) as BatchLine);
  }

  /** One page of a batch's lines in line-id order; `after` is the sort key of the last line shown. */
  async linePage(batchId: string, limit: number, after: string | undefined): Promise<{ lines: BatchLine[]; after?: string }> {
    const { Items = [], LastEvaluatedKey } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :line)',
        ExpressionAttributeValues: { ':pk': keys.batch(batchId).pk, ':line': 'LINE#' },
        ConsistentRead: true,
        Limit: limit,
        ...(after === undefined ? {} : { ExclusiveStartKey: { pk: keys.batch(batchId).pk, sk: after } }),
      }),
    );
    const last = Items.at(-1)?.sk;
    return { lines: Items.map((item) => strip<BatchLine>(item) as BatchLine), ...(LastEvaluatedKey !== undefined && typeof last === 'string' ? { after: last } : {}) };
  }

  async getLine(batchId: string, paymentLineId: string): Promise<BatchLine | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.line(batchId, paymentLineId), ConsistentRead: true }));
    return strip<BatchLine>(Item);
  }

  /** Conditioned on the status and version read, so two writers never both move a batch. */
  async updateBatch(
    batch: Batch,
    expected: BatchStatus,
    change: { status?: BatchStatus; totals?: ControlTotals; requiredApprovals?: number; approvals?: readonly Approval[]; exportedAt?: string; reconciledAt?: string },
    events: readonly OutboxItem[],
  ): Promise<Batch> {
    const names: Record<string, string> = { '#status': 'status', '#version': 'version' };
    const values: Record<string, unknown> = { ':expected': expected, ':version': batch.version, ':next': batch.version + 1 };
    const sets = ['#version = :next'];
    for (const [field, value] of Object.entries(change)) {
      if (value === undefined) continue;
      names[`#${field}`] = field;
      values[`:${field}`] = value;
      sets.push(`#${field} = :${field}`);
    }
    const leavesBuilding = expected === 'BUILDING' && change.status !== undefined && change.status !== 'BUILDING';
    const update: TransactItem = {
      Update: {
        TableName: this.tableName,
        Key: keys.batch(batch.batchId),
        UpdateExpression: `SET ${sets.join(', ')}${leavesBuilding ? ' REMOVE gsi2pk, gsi2sk' : ''}`,
        ConditionExpression: '#status = :expected AND #version = :version',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    };
    await this.client.send(new TransactWriteCommand({ TransactItems: [update, ...outboxPuts(this.tableName, events)] }));
    return { ...batch, ...change, version: batch.version + 1 } as Batch;
  }

  // ---- cancellation -------------------------------------------------------------------------

  /**
   * First step of a cancellation: the batch moves to CANCELLING from the status and version read
   * (so an approval or an export at the same moment and this cannot both succeed), its approvals
   * are voided, and it joins the sparse index the sweep finishes abandoned cancellations from.
   */
  async startCancellation(batch: Batch, cancellation: Cancellation): Promise<Batch> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.batch(batch.batchId),
        UpdateExpression: 'SET #status = :cancelling, approvals = :none, cancellation = :cancellation, #version = :next, gsi2pk = :gpk, gsi2sk = :gsk',
        ConditionExpression: '#status = :expected AND #version = :version',
        ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
        ExpressionAttributeValues: {
          ':cancelling': 'CANCELLING',
          ':none': [],
          ':cancellation': cancellation,
          ':next': batch.version + 1,
          ':gpk': keys.cancelling,
          ':gsk': `${cancellation.at}#${batch.batchId}`,
          ':expected': batch.status,
          ':version': batch.version,
        },
      }),
    );
    return { ...batch, status: 'CANCELLING', approvals: [], cancellation, version: batch.version + 1 };
  }

  /** `readyAt` of each claim, which orders the ready index a released claim goes back into. */
  async readyTimes(paymentKeys: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (let start = 0; start < paymentKeys.length; start += 100) {
      let request: Record<string, { Keys: Record<string, unknown>[]; ProjectionExpression: string }> | undefined = {
        [this.tableName]: { Keys: paymentKeys.slice(start, start + 100).map((key) => keys.ready(key)), ProjectionExpression: 'paymentKey, readyAt' },
      };
      while (request !== undefined && Object.keys(request).length > 0) {
        const response = await this.client.send(new BatchGetCommand({ RequestItems: request }));
        for (const item of response.Responses?.[this.tableName] ?? []) found.set(String(item.paymentKey), String(item.readyAt));
        request = response.UnprocessedKeys as typeof request;
      }
    }
    return found;
  }

  /**
   * Releases claims of a cancelling batch: in one transaction per chunk each line becomes
   * CANCELLED and its claim READY again (back in the ready index, out of the batch), so no claim
   * is ever free while its line still stands in the batch, nor in the batch once free. Answers
   * `finished` when the batch is no longer CANCELLING (someone completed it) and `moved` when a
   * line or claim was no longer as read (a second canceller released it): read again and go on.
   */
  async releaseLines(batch: Batch, lines: readonly BatchLine[], readyAt: ReadonlyMap<string, string>): Promise<'released' | 'moved' | 'finished'> {
    const stillCancelling: TransactItem = {
      ConditionCheck: {
        TableName: this.tableName,
        Key: keys.batch(batch.batchId),
        ConditionExpression: '#status = :cancelling',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':cancelling': 'CANCELLING' },
      },
    };
    const items: TransactItem[] = [
      stillCancelling,
      ...lines.flatMap((line): TransactItem[] => [
        {
          Update: {
            TableName: this.tableName,
            Key: keys.line(batch.batchId, line.paymentLineId),
            UpdateExpression: 'SET #status = :cancelled',
            ConditionExpression: '#status = :open',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':cancelled': 'CANCELLED', ':open': 'OPEN' },
          },
        },
        {
          Update: {
            TableName: this.tableName,
            Key: keys.ready(line.paymentKey),
            UpdateExpression: 'SET #status = :ready, gsi1pk = :gpk, gsi1sk = :gsk, releasedFrom = :batch REMOVE batchId, paymentLineId',
            ConditionExpression: '#status = :inBatch AND batchId = :batch AND paymentLineId = :line',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':ready': 'READY',
              ':inBatch': 'IN_BATCH',
              ':batch': batch.batchId,
              ':line': line.paymentLineId,
              ':gpk': keys.readyIndex(batch.areaCode, batch.subsidyKind),
              ':gsk': `${readyAt.get(line.paymentKey) ?? ''}#${line.paymentKey}`,
            },
          },
        },
      ]),
    ];
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items }));
      return 'released';
    } catch (error) {
      const failed = failedConditions(error);
      if (failed === undefined) throw error;
      return failed.includes(0) ? 'finished' : 'moved';
    }
  }

  /** Last step: every claim is released; the batch is CANCELLED and its event goes out with it. */
  async finishCancellation(batch: Batch, cancellation: Cancellation, events: readonly OutboxItem[]): Promise<Batch> {
    const update: TransactItem = {
      Update: {
        TableName: this.tableName,
        Key: keys.batch(batch.batchId),
        UpdateExpression: 'SET #status = :cancelled, cancellation = :cancellation, #version = #version + :one REMOVE gsi2pk, gsi2sk',
        ConditionExpression: '#status = :cancelling',
        ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
        ExpressionAttributeValues: { ':cancelled': 'CANCELLED', ':cancelling': 'CANCELLING', ':cancellation': cancellation, ':one': 1 },
      },
    };
    await this.client.send(new TransactWriteCommand({ TransactItems: [update, ...outboxPuts(this.tableName, events)] }));
    return { ...batch, status: 'CANCELLED', cancellation, version: batch.version + 1 };
  }

  /** A build that found nothing to pay leaves no batch behind. */
  async dropEmptyBatch(batch: Batch): Promise<void> {
    await this.client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Delete: {
              TableName: this.tableName,
              Key: keys.batch(batch.batchId),
              ConditionExpression: '#status = :building',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':building': 'BUILDING' },
            },
          },
        ],
      }),
    );
  }

  // ---- bank results -------------------------------------------------------------------------

  async getImport(fileHash: string): Promise<ImportRecord | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.import(fileHash), ConsistentRead: true }));
    return strip<ImportRecord>(Item);
  }

  /** The file-hash sentinel: true when this call started the import, false when it exists already. */
  async startImport(record: ImportRecord): Promise<boolean> {
    try {
      await this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.import(record.fileHash), ...record }, ConditionExpression: IF_ABSENT }));
      return true;
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  async finishImport(fileHash: string, applied: number, exceptions: number): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.import(fileHash),
        UpdateExpression: 'SET #status = :done, applied = :applied, #exceptions = :exceptions',
        ExpressionAttributeNames: { '#status': 'status', '#exceptions': 'exceptions' },
        ExpressionAttributeValues: { ':done': 'DONE', ':applied': applied, ':exceptions': exceptions },
      }),
    );
  }

  /**
   * Bank answers, each line as its own all-or-nothing group: the line moves from the status it
   * was read in, the claim follows, and the outcome's event goes out. PAID also puts the claim's
   * paid sentinel, which a second payment of the same claim can never put again; RETURNED removes
   * it (the money came back). Groups share transactions as far as they fit (DynamoDB Local spends
   * most of a small transaction on the transaction itself), and a group refused by its condition
   * is taken out without affecting the others. Answers per write, in order: `line-changed` when
   * the line moved meanwhile (read again and decide again) and `already-paid` when another
   * payment of the claim stands as paid.
   */
  async applyOutcomes(writes: readonly OutcomeWrite[]): Promise<Array<'applied' | OutcomeRefusal>> {
    const outcomes = await transactGroups<OutcomeRefusal>(
      this.client,
      writes.map((write) => this.outcomeActions(write)),
    );
    return outcomes.map((outcome) => (outcome === 'OK' ? 'applied' : outcome));
  }

  private outcomeActions({ line, from, to, fileHash, reason, event }: OutcomeWrite): GuardedAction<OutcomeRefusal>[] {
    const lineUpdate: TransactItem = {
      Update: {
        TableName: this.tableName,
        Key: keys.line(line.batchId, line.paymentLineId),
        UpdateExpression: `SET #status = :to, settledByFile = :file${reason === undefined ? '' : ', reasonCode = :code, reason = :reason'}`,
        ConditionExpression: '#status = :from',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':to': to, ':from': from, ':file': fileHash, ...(reason === undefined ? {} : { ':code': reason.reasonCode, ':reason': reason.reason }) },
      },
    };
    const claimUpdate: TransactItem = {
      Update: {
        TableName: this.tableName,
        Key: keys.ready(line.paymentKey),
        UpdateExpression: `SET #status = :to${to === 'PAID' ? '' : ', failedAccountVersion = :version'}`,
        ConditionExpression: 'batchId = :batch',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':to': to, ':batch': line.batchId, ...(to === 'PAID' ? {} : { ':version': line.accountVersion }) },
      },
    };
    // Refusals of the claim's condition or of a return's sentinel have no guard: they are not a
    // race this import can decide, so the import stops (and resumes when the file is imported again).
    const sentinel: GuardedAction<OutcomeRefusal>[] =
      to === 'PAID'
        ? [{ action: { Put: { TableName: this.tableName, Item: { ...keys.paid(line.paymentKey), paymentLineId: line.paymentLineId }, ConditionExpression: IF_ABSENT } }, guard: 'already-paid' }]
        : to === 'RETURNED'
          ? [
              {
                action: {
                  Delete: {
                    TableName: this.tableName,
                    Key: keys.paid(line.paymentKey),
                    ConditionExpression: 'paymentLineId = :line',
                    ExpressionAttributeValues: { ':line': line.paymentLineId },
                  },
                },
              },
            ]
          : [];
    return [{ action: lineUpdate, guard: 'line-changed' }, ...sentinel, { action: claimUpdate }, ...outboxPuts(this.tableName, [event]).map((action) => ({ action }))];
  }

  /** Keyed by file and position: recording the same exception again (a resumed import) changes nothing. */
  async recordException(record: ExceptionRecord): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.exception(record.batchId, record.fileHash, record.index), ...record },
          ConditionExpression: IF_ABSENT,
        }),
      );
    } catch (error) {
      if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
    }
  }

  async exceptions(batchId: string): Promise<ExceptionRecord[]> {
    const items = await queryAll<Record<string, unknown>>(this.client, this.tableName, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :exc)',
      ExpressionAttributeValues: { ':pk': keys.batch(batchId).pk, ':exc': 'EXC#' },
      ConsistentRead: true,
    });
    return items.map((item) => strip<ExceptionRecord>(item) as ExceptionRecord);
  }

  async paidSentinel(paymentKey: string): Promise<string | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.paid(paymentKey), ConsistentRead: true }));
    return Item?.paymentLineId as string | undefined;
  }

  // ---- payees -------------------------------------------------------------------------------

  async putTraineeName(traineeId: string, name: string): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.trainee(traineeId), traineeId, name } }));
  }

  async linkLogin(sub: string, traineeId: string): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.login(sub), sub, traineeId } }));
  }

  async traineeOfLogin(sub: string): Promise<{ traineeId: string; name?: string } | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.login(sub) }));
    const traineeId = Item?.traineeId as string | undefined;
    if (traineeId === undefined) return undefined;
    const trainee = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.trainee(traineeId) }));
    const name = trainee.Item?.name as string | undefined;
    return name === undefined ? { traineeId } : { traineeId, name };
  }

  async payeeAccount(payeeRef: string): Promise<PayeeAccount | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.payeeAccount(payeeRef), ConsistentRead: true }));
    return strip<PayeeAccount>(Item);
  }

  async payeeAccounts(payeeRefs: readonly string[]): Promise<Map<string, PayeeAccount>> {
    const found = new Map<string, PayeeAccount>();
    const chunks: string[][] = [];
    for (let start = 0; start < payeeRefs.length; start += 100) chunks.push(payeeRefs.slice(start, start + 100));
    let next = 0;
    // A few BatchGetItem calls in flight: a 50,000-line batch reads 500 pages of accounts.
    await Promise.all(
      Array.from({ length: Math.min(8, chunks.length) }, async () => {
        while (next < chunks.length) {
          const refs = chunks[next++] ?? [];
          let request: Record<string, { Keys: Record<string, unknown>[] }> | undefined = { [this.tableName]: { Keys: refs.map((ref) => keys.payeeAccount(ref)) } };
          while (request !== undefined && Object.keys(request).length > 0) {
            const response = await this.client.send(new BatchGetCommand({ RequestItems: request }));
            for (const item of response.Responses?.[this.tableName] ?? []) {
              const account = strip<PayeeAccount>(item) as PayeeAccount;
              found.set(account.payeeRef, account);
            }
            request = response.UnprocessedKeys as typeof request;
          }
        }
      }),
    );
    return found;
  }

  /** The account and its audit entry in one write; the version condition refuses a lost update. */
  async savePayeeAccount(account: PayeeAccount, previousVersion: number | undefined): Promise<void> {
    const { accountSealed: _sealed, ...audited } = account;
    await this.client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.tableName,
              Item: { ...keys.payeeAccount(account.payeeRef), ...account },
              ConditionExpression: previousVersion === undefined ? IF_ABSENT : 'version = :previous',
              ...(previousVersion === undefined ? {} : { ExpressionAttributeValues: { ':previous': previousVersion } }),
            },
          },
          { Put: { TableName: this.tableName, Item: { ...keys.payeeAudit(account.payeeRef, account.version), ...audited }, ConditionExpression: IF_ABSENT } },
        ],
      }),
    );
  }
}
