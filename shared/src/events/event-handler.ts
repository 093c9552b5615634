import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { EventContractViolation } from '../errors';
import { createLogger } from '../logger';
import { TTL_ATTRIBUTE } from '../manifest';
import { eventEnvelopeSchema, parseEvent, type EventContract, type ReceivedEvent } from './contract';

/** One contract and what to do with its events. */
export interface EventRoute {
  readonly contract: EventContract;
  readonly handle: (raw: unknown) => Promise<void>;
}

/** Binds a handler to a contract; the event is validated before the handler sees it. */
export function on<C extends EventContract>(contract: C, handle: (event: ReceivedEvent<C>) => Promise<void>): EventRoute {
  return { contract, handle: (raw) => handle(parseEvent(contract, raw)) };
}

export interface EventHandlerOptions {
  logger?: Logger;
  /**
   * Deliveries are deduplicated by event id in the service's own table (EventBridge delivers at
   * least once); `consumer` keeps two functions that take the same event from shadowing each other.
   */
  idempotency?: { table: string; consumer: string };
}

type Handler = (event: unknown, context: Context) => Promise<void>;

/**
 * The preset for functions an EventBridge rule invokes: dispatch by source and detail-type,
 * validate against the contract, skip an event id already processed, and let failures throw so
 * that Lambda retries and finally parks the event in the on-failure queue. Handlers must still be
 * safe to run twice (a crash after the work but before the record is saved repeats it).
 */
export function eventHandler(routes: readonly EventRoute[], options: EventHandlerOptions = {}): Handler {
  const logger = options.logger ?? createLogger();
  const dispatch = async (raw: unknown): Promise<void> => {
    const envelope = eventEnvelopeSchema.safeParse(raw);
    if (!envelope.success) throw new EventContractViolation('unknown', 'not an EventBridge envelope');
    const { source, id } = envelope.data;
    const detailType = envelope.data['detail-type'];
    const route = routes.find((candidate) => candidate.contract.source === source && candidate.contract.detailType === detailType);
    if (route === undefined) throw new EventContractViolation(detailType, `no handler for ${source}/${detailType}`);
    logger.appendKeys({ eventId: id, detailType });
    try {
      await route.handle(raw);
    } finally {
      logger.removeKeys(['eventId', 'detailType']);
    }
  };

  if (options.idempotency === undefined) return (event) => dispatch(event);
  const config = new IdempotencyConfig({ eventKeyJmesPath: 'id', expiresAfterSeconds: 7 * 24 * 3600 });
  const deduplicated = makeIdempotent(dispatch, {
    persistenceStore: new DynamoDBPersistenceLayer({
      tableName: options.idempotency.table,
      keyAttr: 'pk',
      sortKeyAttr: 'sk',
      staticPkValue: `IDEMPOTENCY#${options.idempotency.consumer}`,
      expiryAttr: TTL_ATTRIBUTE,
    }),
    config,
  });
  return async (event, context) => {
    config.registerLambdaContext(context);
    await deduplicated(event);
  };
}
