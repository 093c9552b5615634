import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createLogger, dynamoDbClient, Outbox, requireEnv, RESOURCE_ENV } from '@peixun/shared';
import { createRecordingsS3Client, S3RecordingStore } from './adapters/s3-multipart';
import { RecordingRepository } from './adapters/recording-repository';
import { ReplacementRepository } from './adapters/replacement-repository';
import { SessionRepository } from './adapters/session-repository';
import { ViewLog } from './adapters/view-log';
import type { RecordingObjectStore } from './app/ports';
import { loadRecordingsConfig, type RecordingsConfig } from './config';

export interface RecordingsDependencies {
  readonly config: RecordingsConfig;
  readonly recordings: RecordingRepository;
  readonly replacements: ReplacementRepository;
  readonly sessions: SessionRepository;
  readonly views: ViewLog;
  readonly outbox: Outbox;
}

let cached: RecordingsDependencies | undefined;

/** Built once per cold start; every variable is checked before the first request is served. */
export function recordingsDependencies(): RecordingsDependencies {
  cached ??= (() => {
    const config = loadRecordingsConfig();
    const tableName = requireEnv(RESOURCE_ENV.table);
    const documents = DynamoDBDocumentClient.from(dynamoDbClient(), { marshallOptions: { removeUndefinedValues: true } });
    return {
      config,
      recordings: new RecordingRepository(documents, tableName),
      replacements: new ReplacementRepository(documents, tableName),
      sessions: new SessionRepository(documents, tableName),
      views: new ViewLog(documents, tableName),
      outbox: new Outbox(documents, tableName),
    };
  })();
  return cached;
}

let cachedStore: RecordingObjectStore | undefined;

/**
 * The bucket, for the functions that touch recording objects. Apart from `recordingsDependencies`
 * so that the others neither bundle nor load the S3 client (≈ 150 KB with its checksums and XML).
 */
export function recordingStore(): RecordingObjectStore {
  cachedStore ??= (() => {
    const { config } = recordingsDependencies();
    return new S3RecordingStore(createRecordingsS3Client(), {
      bucket: requireEnv(RESOURCE_ENV.bucket),
      partUrlTtlSeconds: config.partUrlTtlSeconds,
      viewUrlTtlSeconds: config.viewUrlTtlSeconds,
      retention: config.retentionDays > 0 ? { mode: 'GOVERNANCE', days: config.retentionDays } : undefined,
    });
  })();
  return cachedStore;
}

export const logger = createLogger('recordings');
