import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  createEventPublisher,
  createLogger,
  eventBridgeSink,
  loadPiiCipher,
  requireEnv,
  RESOURCE_ENV,
  type EventPublisher,
} from '@peixun/shared';
import { TraineeRepository } from './adapters/trainee-repository';

export interface EnrollmentDependencies {
  trainees: TraineeRepository;
  events: EventPublisher;
}

let cached: Promise<EnrollmentDependencies> | undefined;

/** Built once per cold start; every variable is checked before the first request is served. */
export function enrollmentDependencies(): Promise<EnrollmentDependencies> {
  cached ??= (async () => {
    const tableName = requireEnv(RESOURCE_ENV.table);
    const busName = requireEnv(RESOURCE_ENV.eventBus);
    const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
      marshallOptions: { removeUndefinedValues: true },
    });
    return {
      trainees: new TraineeRepository(documents, tableName, await loadPiiCipher()),
      events: createEventPublisher(eventBridgeSink(), busName),
    };
  })();
  return cached;
}

export const logger = createLogger('enrollment');
