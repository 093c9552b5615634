import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { awsClientConfig, createLogger, Outbox, requireEnv, RESOURCE_ENV } from '@peixun/shared';
import { createRecordingsS3Client, S3RecordingStore } from './adapters/s3-multipart';
import { RecordingRepository } from './adapters/recording-repository';
import { ReplacementRepository } from './adapters/replacement-repository';
import { SessionRepository } from './adapters/session-repository';
import { ViewLog } from './adapters/view-log';
import type { RecordingObjectStore } from './app/ports';
import { loadRecordingsConfig, type RecordingsConfig } from './config';

export interface RecordingsDependencies {
  readonly config: RecordingsConfig;
  readonly store: RecordingObjectStore;
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
    const documents = DynamoDBDocumentClient.from(new DynamoDBClient(awsClientConfig()), { marshallOptions: { removeUndefinedValues: true } });
    return {
      config,
      store: new S3RecordingStore(createRecordingsS3Client(), {
        bucket: requireEnv(RESOURCE_ENV.bucket),
        partUrlTtlSeconds: config.partUrlTtlSeconds,
        viewUrlTtlSeconds: config.viewUrlTtlSeconds,
        retention: config.retentionDays > 0 ? { mode: 'GOVERNANCE', days: config.retentionDays } : undefined,
      }),
      recordings: new RecordingRepository(documents, tableName),
      replacements: new ReplacementRepository(documents, tableName),
      sessions: new SessionRepository(documents, tableName),
      views: new ViewLog(documents, tableName),
      outbox: new Outbox(documents, tableName),
    };
  })();
  return cached;
}

export const logger = createLogger('recordings');
