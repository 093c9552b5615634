import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { requireEnv, RESOURCE_ENV } from '../env';
import { eventBridgeSink } from './eventbridge-sink';
import { relayOutbox } from './outbox-relay';

const sink = eventBridgeSink();
const busName = requireEnv(RESOURCE_ENV.eventBus);

export const handler = (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => relayOutbox(event.Records, sink, busName);
