import type { FunctionPrincipal } from './function-access';
import { ownTable } from './function-access';

/** What `grantReadData` allows (CDK), by DynamoDB API action. */
const READ_ACTIONS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems', 'ConditionCheckItem', 'DescribeTable', 'GetRecords', 'GetShardIterator', 'DescribeStream']);
/** What `grantReadWriteData` adds. */
const WRITE_ACTIONS = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

/** One action on one table, as IAM evaluates a request (a transaction or batch is several). */
export interface TableAction {
  readonly action: string;
  readonly table: string;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const tableOf = (value: unknown): string | undefined => (isObject(value) && typeof value.TableName === 'string' ? value.TableName : undefined);

/**
 * The table actions a request needs. IAM checks a TransactWriteItems against PutItem, UpdateItem,
 * DeleteItem and ConditionCheckItem per table; a batch against BatchWriteItem/BatchGetItem per table.
 */
export function tableActionsOf(operation: string, body: unknown): TableAction[] {
  if (!isObject(body)) return [{ action: operation, table: '' }];
  if (operation === 'TransactWriteItems' || operation === 'TransactGetItems') {
    const items = Array.isArray(body.TransactItems) ? body.TransactItems : [];
    return items.flatMap((item: unknown) =>
      isObject(item)
        ? Object.entries(item).map(([kind, part]) => ({ action: kind === 'ConditionCheck' ? 'ConditionCheckItem' : kind === 'Get' ? 'GetItem' : `${kind}Item`, table: tableOf(part) ?? '' }))
        : [],
    );
  }
  if (operation === 'BatchWriteItem' || operation === 'BatchGetItem') {
    return Object.keys(isObject(body.RequestItems) ? body.RequestItems : {}).map((table) => ({ action: operation, table }));
  }
  return [{ action: operation, table: tableOf(body) ?? '' }];
}

/** The first action the function's access list does not grant, or undefined when all are granted. */
export function deniedTableAction(principal: FunctionPrincipal, actions: readonly TableAction[]): TableAction | undefined {
  const granted = principal.access.table;
  return actions.find(({ action, table }) => {
    if (granted === undefined || table !== ownTable(principal)) return true;
    if (READ_ACTIONS.has(action)) return false;
    return !(granted === 'readwrite' && WRITE_ACTIONS.has(action));
  });
}
