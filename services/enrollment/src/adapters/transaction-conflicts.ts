import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';

/**
 * TransactWriteItems reports one cancellation reason per item, in order. The indexes whose
 * condition failed tell which limit or uniqueness rule stopped the write; undefined means the
 * error was something else and must be rethrown.
 */
export function failedConditionIndexes(error: unknown): number[] | undefined {
  if (!(error instanceof TransactionCanceledException)) return undefined;
  const failed = (error.CancellationReasons ?? []).flatMap((reason, index) => (reason.Code === 'ConditionalCheckFailed' ? [index] : []));
  return failed.length === 0 ? undefined : failed;
}

export const IF_ABSENT = 'attribute_not_exists(pk)';
export const IF_PRESENT = 'attribute_exists(pk)';

/**
 * A string attribute of the item whose condition failed, as DynamoDB returned it with
 * `ReturnValuesOnConditionCheckFailure: 'ALL_OLD'` (the exception carries it unmarshalled).
 */
export function failedItemString(error: unknown, index: number, attribute: string): string | undefined {
  if (!(error instanceof TransactionCanceledException)) return undefined;
  return error.CancellationReasons?.[index]?.Item?.[attribute]?.S;
}
