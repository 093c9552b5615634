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
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs the actions as one `TransactWriteItems`. A refused condition answers the guard it names (the
 * invariant that held); a conflict with a concurrent transaction on the same items is retried with
 * jittered backoff, because it decides nothing: the retry sees the winner's write and its condition
 * answers. Never read-then-write: every rule is a condition here.
 */
export async function transact<Guard extends string>(client: DynamoDBDocumentClient, actions: readonly GuardedAction<Guard>[]): Promise<Guard | 'OK'> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await client.send(new TransactWriteCommand({ TransactItems: actions.map((entry) => entry.action) }));
      return 'OK';
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      const failed = reasons.findIndex((reason) => reason.Code === 'ConditionalCheckFailed');
      if (failed >= 0) {
        const guard = actions[failed]?.guard;
        if (guard === undefined) throw error;
        return guard;
      }
      const conflict = reasons.some((reason) => reason.Code === 'TransactionConflict');
      if (!conflict || attempt >= MAX_ATTEMPTS) throw error;
      await sleep(Math.random() * 20 * attempt + 5);
    }
  }
}
