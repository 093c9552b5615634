import { QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryAll, SUBSIDY_KINDS, type FundUseEntry, type SubsidyKind } from '@peixun/shared';
import type { FundUseTarget } from '../domain/fund-use';
import { failedConditions, isConflict } from './payments-repository';
import { IF_ABSENT, keys } from './keys';

export interface FundUseTotal {
  readonly subsidyKind: SubsidyKind;
  readonly count: number;
  readonly sumFen: number;
}

export interface FundUsePage {
  readonly entries: FundUseEntry[];
  /** The last entry's sort key when more may follow. */
  readonly after?: string;
}

const IF_PRESENT = 'attribute_exists(pk)';
const TOTAL_SHARDS = 8;
const shardOf = (paymentLineId: string): number => Number(/(\d+)$/.exec(paymentLineId)?.[1] ?? 0) % TOTAL_SHARDS;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
type TransactItems = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>;

/**
 * 资金使用公示 items. Publishing and retracting one payment each check the other's item in the
 * same transaction, so a return that arrives before, during or after the publication always wins,
 * and the month's totals move exactly once with the entry they count.
 */
export class FundUseRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** 'published', or 'already' when it was published or retracted before (a redelivery, a race with a return). */
  async publish(target: FundUseTarget, entry: FundUseEntry): Promise<'published' | 'already'> {
    const pk = keys.fundUseMonth(target.areaCode, target.month);
    const failed = await this.tryTransaction([
      { Put: { TableName: this.tableName, Item: { pk, sk: keys.fundUseEntry(target.subsidyKind, target.paymentLineId), ...entry }, ConditionExpression: IF_ABSENT } },
      { ConditionCheck: { TableName: this.tableName, Key: { pk, sk: keys.fundUseRetracted(target.paymentLineId) }, ConditionExpression: IF_ABSENT } },
      this.moveTotal(pk, target, 1, entry.amountFen),
    ]);
    return failed === undefined ? 'published' : 'already';
  }

  /**
   * Takes a returned payment off the list (and out of the totals) if it is there, and leaves a
   * tombstone either way so a publication still under way cannot put it back.
   */
  async retract(target: FundUseTarget, amountFen: number): Promise<'retracted' | 'already'> {
    const pk = keys.fundUseMonth(target.areaCode, target.month);
    const entry = { pk, sk: keys.fundUseEntry(target.subsidyKind, target.paymentLineId) };
    const tombstone = { TableName: this.tableName, Item: { pk, sk: keys.fundUseRetracted(target.paymentLineId), amountFen }, ConditionExpression: IF_ABSENT };
    // Two shapes depending on whether the entry exists; each checks that assumption in its own transaction.
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const failedWhilePublished = await this.tryTransaction([
        { Delete: { TableName: this.tableName, Key: entry, ConditionExpression: IF_PRESENT } },
        { Put: tombstone },
        this.moveTotal(pk, target, -1, -amountFen),
      ]);
      if (failedWhilePublished === undefined) return 'retracted';
      if (failedWhilePublished.includes(1)) return 'already';
      const failedWhileAbsent = await this.tryTransaction([{ Put: tombstone }, { ConditionCheck: { TableName: this.tableName, Key: entry, ConditionExpression: IF_ABSENT } }]);
      if (failedWhileAbsent === undefined) return 'retracted';
      if (failedWhileAbsent.includes(0)) return 'already';
    }
    throw new Error(`fund-use retraction of ${target.paymentLineId} kept racing its publication`);
  }

  async page(areaCode: string, month: string, subsidyKind: SubsidyKind | undefined, limit: number, after: string | undefined): Promise<FundUsePage> {
    const pk = keys.fundUseMonth(areaCode, month);
    const { Items = [], LastEvaluatedKey } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': subsidyKind === undefined ? 'LINE#' : `LINE#${subsidyKind}#` },
        Limit: limit,
        ConsistentRead: true,
        ...(after === undefined ? {} : { ExclusiveStartKey: { pk, sk: after } }),
      }),
    );
    const entries = Items.map(({ pk: _pk, sk: _sk, ...entry }) => entry as FundUseEntry);
    const last = Items.at(-1)?.sk;
    return { entries, ...(LastEvaluatedKey !== undefined && typeof last === 'string' ? { after: last } : {}) };
  }

  async totals(areaCode: string, month: string): Promise<FundUseTotal[]> {
    const shards = await queryAll<{ sk: string; count: number; sumFen: number }>(this.client, this.tableName, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.fundUseMonth(areaCode, month), ':prefix': 'TOTAL#' },
      ConsistentRead: true,
    });
    return SUBSIDY_KINDS.flatMap((subsidyKind) => {
      const ofKind = shards.filter((shard) => shard.sk.startsWith(`TOTAL#${subsidyKind}#`));
      if (ofKind.length === 0) return [];
      return [{ subsidyKind, count: ofKind.reduce((sum, shard) => sum + shard.count, 0), sumFen: ofKind.reduce((sum, shard) => sum + shard.sumFen, 0) }];
    });
  }

  private moveTotal(pk: string, target: FundUseTarget, count: number, sumFen: number) {
    return {
      Update: {
        TableName: this.tableName,
        Key: { pk, sk: keys.fundUseTotal(target.subsidyKind, shardOf(target.paymentLineId)) },
        UpdateExpression: 'ADD #count :count, sumFen :sum',
        ExpressionAttributeNames: { '#count': 'count' },
        ExpressionAttributeValues: { ':count': count, ':sum': sumFen },
      },
    };
  }

  /**
   * Undefined when committed; the indexes of failed conditions when refused by them. A conflict
   * with a concurrent transaction on a totals item is retried after a short random pause.
   */
  private async tryTransaction(items: TransactItems): Promise<number[] | undefined> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.client.send(new TransactWriteCommand({ TransactItems: items }));
        return undefined;
      } catch (error) {
        const failed = failedConditions(error);
        if (failed !== undefined) return failed;
        if (!isConflict(error) || attempt === 10) throw error;
        await pause(Math.random() * 20 * attempt);
      }
    }
  }
}
