import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { type GuardedAction, transactGroups } from '../src/dynamodb/transactions';

type Guard = 'TAKEN' | 'LIMIT';

/**
 * A stand-in for DynamoDB's TransactWriteItems: items are a set of keys; a `Put` with
 * `attribute_not_exists(pk)` is refused when its key is there, a `ConditionCheck` when it is not;
 * a transaction commits all its puts or none, and one touching an item twice is invalid.
 */
function fakeTable(existing: string[]) {
  const items = new Set(existing);
  const transactions: string[][] = [];
  const client = {
    send: async (command: TransactWriteCommand) => {
      const actions = command.input.TransactItems ?? [];
      const keys = actions.map((action) => String((action.Put?.Item ?? action.ConditionCheck?.Key)?.pk));
      if (new Set(keys).size !== keys.length) throw new Error('ValidationException: Transaction request cannot include multiple operations on one item');
      transactions.push(keys);
      const reasons = actions.map((action, index) => {
        const there = items.has(keys[index] ?? '');
        const refused = action.Put !== undefined ? there : !there;
        return { Code: refused ? 'ConditionalCheckFailed' : 'None' };
      });
      if (reasons.some((reason) => reason.Code !== 'None')) {
        throw new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {}, CancellationReasons: reasons });
      }
      for (const [index, action] of actions.entries()) if (action.Put !== undefined) items.add(keys[index] ?? '');
      return {};
    },
  };
  return { client: client as unknown as DynamoDBDocumentClient, items, transactions };
}

const put = (pk: string, guard?: Guard): GuardedAction<Guard> => ({
  action: { Put: { TableName: 't', Item: { pk, sk: 'X' }, ConditionExpression: 'attribute_not_exists(pk)' } },
  ...(guard === undefined ? {} : { guard }),
});
const check = (pk: string, guard: Guard): GuardedAction<Guard> => ({ action: { ConditionCheck: { TableName: 't', Key: { pk, sk: 'X' }, ConditionExpression: 'attribute_exists(pk)' } }, guard });

describe('transactGroups: lines sharing transactions, each answered as if alone', () => {
  it('a refused group answers its own guard; the other groups are written, none of the refused one', async () => {
    const table = fakeTable(['SENTINEL#b']);
    const outcomes = await transactGroups<Guard>(table.client, [
      [put('LINE#a'), put('SENTINEL#a', 'TAKEN')],
      [put('LINE#b'), put('SENTINEL#b', 'TAKEN')],
      [put('LINE#c'), put('SENTINEL#c', 'TAKEN'), check('COUNTER#missing', 'LIMIT')],
      [put('LINE#d'), put('SENTINEL#d', 'TAKEN')],
    ]);
    expect(outcomes).toEqual(['OK', 'TAKEN', 'LIMIT', 'OK']);
    expect([...table.items].sort()).toEqual(['LINE#a', 'LINE#d', 'SENTINEL#a', 'SENTINEL#b', 'SENTINEL#d']);
  });

  it('groups touching the same item (one person twice on a roster) go into different transactions, the second refused like its own transaction', async () => {
    const table = fakeTable([]);
    const outcomes = await transactGroups<Guard>(table.client, [
      [put('LINE#1'), put('SENTINEL#p', 'TAKEN')],
      [put('LINE#2'), put('SENTINEL#p', 'TAKEN')],
    ]);
    expect(outcomes.filter((outcome) => outcome === 'OK')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === 'TAKEN')).toHaveLength(1);
    for (const keys of table.transactions) expect(new Set(keys).size).toBe(keys.length);
  });

  it('at most 100 actions per transaction: 60 lines of 4 actions take 3', async () => {
    const table = fakeTable([]);
    const groups = Array.from({ length: 60 }, (_, i) => [put(`LINE#${i}`), put(`SENTINEL#${i}`, 'TAKEN'), put(`COUNTER#${i}`, 'LIMIT'), put(`HELD#${i}`, 'TAKEN')]);
    expect(await transactGroups<Guard>(table.client, groups)).toEqual(groups.map(() => 'OK'));
    expect(table.transactions.map((keys) => keys.length)).toEqual([100, 100, 40]);
  });

  it('a refusal without a guard is explained by a guarded refusal of the same group (a bank answer whose line moved also fails its sentinel): the guard is the answer', async () => {
    // Seed 1024 of the payments chaos test: a return imported twice at once; the second found the line and the paid sentinel moved.
    const table = fakeTable(['SENTINEL#1']);
    const outcomes = await transactGroups<Guard>(table.client, [
      [check('LINE#moved', 'TAKEN'), put('SENTINEL#1'), put('OUTBOX#1')],
      [put('LINE#2'), put('OUTBOX#2')],
    ]);
    expect(outcomes).toEqual(['TAKEN', 'OK']);
    expect([...table.items].sort()).toEqual(['LINE#2', 'OUTBOX#2', 'SENTINEL#1']);
  });

  it('a refused action that guards nothing (an outbox item) is an error, not an answer', async () => {
    const table = fakeTable(['OUTBOX#1']);
    await expect(transactGroups<Guard>(table.client, [[put('LINE#1', 'TAKEN'), put('OUTBOX#1')]])).rejects.toBeInstanceOf(TransactionCanceledException);
  });
});
