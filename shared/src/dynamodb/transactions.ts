import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type DynamoDBDocumentClient, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** One action of a transaction and the name of the invariant its condition guards. */
export interface GuardedAction<Guard extends string> {
  readonly action: TransactItem;
  /** Returned when this action's condition refused the transaction; omitted for outbox items. */
  readonly guard?: Guard;
}

const MAX_ATTEMPTS = 12;
/** TransactWriteItems takes at most 100 actions. */
export const MAX_TRANSACT_ACTIONS = 100;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One `TransactWriteItems`, retried with jittered backoff while it only conflicts with a concurrent
 * transaction on the same items (that decides nothing: the retry sees the winner's write and its
 * conditions answer). Answers the indices of the actions whose condition refused it, none when it
 * committed.
 */
async function attempt(client: DynamoDBDocumentClient, actions: readonly TransactItem[]): Promise<{ refused: number[]; error?: TransactionCanceledException }> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await client.send(new TransactWriteCommand({ TransactItems: [...actions] }));
      return { refused: [] };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      const refused = reasons.flatMap((reason, index) => (reason.Code === 'ConditionalCheckFailed' ? [index] : []));
      if (refused.length > 0) return { refused, error };
      const conflict = reasons.some((reason) => reason.Code === 'TransactionConflict');
      if (!conflict || attempt >= MAX_ATTEMPTS) throw error;
      await sleep(Math.random() * 20 * attempt + 5);
    }
  }
}

/**
 * Runs the actions as one `TransactWriteItems`. A refused condition answers the guard it names (the
 * invariant that held; the first guarded one when several refused, since a guarded refusal
 * explains the rest); a conflict with a concurrent transaction is retried. Never
 * read-then-write: every rule is a condition here.
 */
export async function transact<Guard extends string>(client: DynamoDBDocumentClient, actions: readonly GuardedAction<Guard>[]): Promise<Guard | 'OK'> {
  const { refused, error } = await attempt(
    client,
    actions.map((entry) => entry.action),
  );
  if (refused.length === 0) return 'OK';
  const guard = refused.map((index) => actions[index]?.guard).find((candidate) => candidate !== undefined);
  if (guard === undefined) throw error;
  return guard;
}

/** The item an action writes or checks; one transaction may not touch an item twice. */
function itemOf(action: TransactItem): string {
  const target = action.Put ?? action.Update ?? action.Delete ?? action.ConditionCheck;
  const key = action.Put === undefined ? action.Update?.Key ?? action.Delete?.Key ?? action.ConditionCheck?.Key : action.Put.Item;
  return JSON.stringify([target?.TableName, key?.pk, key?.sk]);
}

/**
 * Packs independent groups into as few transactions as the limits allow: at most 100 actions
 * each, and no item touched by two groups of the same transaction (a person twice on one
 * roster shares a sentinel and a counter: those groups go into different transactions).
 */
function pack<Guard extends string>(groups: readonly (readonly GuardedAction<Guard>[])[]): number[][] {
  const bins: Array<{ members: number[]; size: number; items: Set<string> }> = [];
  groups.forEach((group, index) => {
    if (group.length > MAX_TRANSACT_ACTIONS) throw new Error(`A group of ${group.length} actions exceeds one transaction`);
    const items = group.map((entry) => itemOf(entry.action));
    const bin = bins.find((candidate) => candidate.size + group.length <= MAX_TRANSACT_ACTIONS && items.every((item) => !candidate.items.has(item)));
    if (bin === undefined) {
      bins.push({ members: [index], size: group.length, items: new Set(items) });
      return;
    }
    bin.members.push(index);
    bin.size += group.length;
    for (const item of items) bin.items.add(item);
  });
  return bins.map((bin) => bin.members);
}

/**
 * Independent groups of actions — each what would otherwise be its own transaction, such as one
 * line of a claim — written in as few `TransactWriteItems` as fit, those in parallel. Every group
 * gets the outcome its own transaction would have had: when a condition of a group refuses the
 * transaction, that group answers the guard and the transaction is tried again without it (the
 * others' conditions are evaluated afresh, nothing was written). Answers per group, in order.
 */
export async function transactGroups<Guard extends string>(client: DynamoDBDocumentClient, groups: readonly (readonly GuardedAction<Guard>[])[]): Promise<Array<Guard | 'OK'>> {
  const outcomes: Array<Guard | 'OK'> = groups.map(() => 'OK');
  await Promise.all(
    pack(groups).map(async (members) => {
      let pending = members;
      while (pending.length > 0) {
        const owners = pending.flatMap((member) => (groups[member] ?? []).map((entry) => ({ member, entry })));
        const { refused, error } = await attempt(
          client,
          owners.map(({ entry }) => entry.action),
        );
        if (refused.length === 0) return;
        const out = new Set<number>();
        const unexplained = new Set<number>();
        for (const index of refused) {
          const owner = owners[index];
          if (owner === undefined) continue;
          if (owner.entry.guard === undefined) unexplained.add(owner.member);
          else if (!out.has(owner.member)) {
            outcomes[owner.member] = owner.entry.guard;
            out.add(owner.member);
          }
        }
        // A refusal no guard names is an error unless a guard of the same group explains it (a line that moved also fails its later conditions).
        if (out.size === 0 || [...unexplained].some((member) => !out.has(member))) throw error;
        pending = pending.filter((member) => !out.has(member));
      }
    }),
  );
  return outcomes;
}
