import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { awsClientConfig, createLogger, dynamoDbClient, loadPiiCipher, Outbox, requireEnv, RESOURCE_ENV } from '@peixun/shared';
import { AnomalyRepository } from './adapters/anomaly-repository';
import { CheckRepository } from './adapters/check-repository';
import { DeviceWindowRepository } from './adapters/device-window-repository';
import { DynamoTemplateStore } from './adapters/dynamo-template-store';
import { FaceEnrollmentRepository } from './adapters/face-enrollment-repository';
import { LivenessRepository } from './adapters/liveness-repository';
import { PhotoStore } from './adapters/photo-store';
import { ProjectionRepository } from './adapters/projection-repository';
import { attendanceConfigFromEnv, type AttendanceConfig } from './config';
import { createFaceEngine, createLivenessCheck, faceEngineConfigFromEnv, livenessConfigFromEnv, type FaceEngine, type LivenessCheck } from './face';

export interface AttendanceDependencies {
  readonly config: AttendanceConfig;
  readonly projection: ProjectionRepository;
  readonly faces: FaceEnrollmentRepository;
  readonly checks: CheckRepository;
  readonly deviceWindow: DeviceWindowRepository;
  readonly anomalies: AnomalyRepository;
  readonly outbox: Outbox;
  readonly liveness: LivenessRepository;
}

let cached: Promise<AttendanceDependencies> | undefined;
let cachedEngine: Promise<FaceEngine> | undefined;
let cachedLiveness: Promise<LivenessCheck> | undefined;

function documentClient(): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(dynamoDbClient(), { marshallOptions: { removeUndefinedValues: true } });
}

/** Built once per cold start; every variable is checked before the first request is served. */
export function attendanceDependencies(): Promise<AttendanceDependencies> {
  cached ??= (async () => {
    const tableName = requireEnv(RESOURCE_ENV.table);
    const documents = documentClient();
    return {
      config: attendanceConfigFromEnv(),
      projection: new ProjectionRepository(documents, tableName),
      faces: new FaceEnrollmentRepository(documents, tableName),
      checks: new CheckRepository(documents, tableName),
      deviceWindow: new DeviceWindowRepository(documents, tableName),
      anomalies: new AnomalyRepository(documents, tableName),
      outbox: new Outbox(documents, tableName),
      liveness: new LivenessRepository(documents, tableName),
    };
  })();
  return cached;
}

/** What the functions that keep check and reference photos need besides the table: the bucket. */
export interface PhotoDependencies extends AttendanceDependencies {
  readonly photos: PhotoStore;
}

let cachedPhotos: Promise<PhotoDependencies> | undefined;

/**
 * `attendanceDependencies` and the bucket. Apart, so that the functions that never touch a photo
 * neither bundle nor load the S3 client (≈ 150 KB with its checksums and XML).
 */
export function photoDependencies(): Promise<PhotoDependencies> {
  cachedPhotos ??= (async () => ({ ...(await attendanceDependencies()), photos: new PhotoStore(new S3Client(awsClientConfig()), requireEnv(RESOURCE_ENV.bucket)) }))();
  return cachedPhotos;
}

/**
 * The face engine, separately: only the functions that look at faces pay for it (the embedded
 * engine loads its models, ~1 s, once per process). Its templates live in the service's table,
 * sealed with the PII key.
 */
export function faceEngine(): Promise<FaceEngine> {
  cachedEngine ??= (async () => {
    const config = faceEngineConfigFromEnv();
    if (config.engine === 'rekognition') return createFaceEngine(config);
    const templateStore = new DynamoTemplateStore(documentClient(), requireEnv(RESOURCE_ENV.table), await loadPiiCipher());
    return createFaceEngine(config, { templateStore });
  })().catch((error: unknown) => {
    cachedEngine = undefined; // a failed model load is retried by the next request, not cached
    throw error;
  });
  return cachedEngine;
}

/**
 * The liveness check (`LIVENESS_ENGINE`, default `FACE_ENGINE`): Rekognition Face Liveness in AWS,
 * the embedded active check locally, which shares the face engine's models and threshold.
 */
export function livenessCheck(): Promise<LivenessCheck> {
  cachedLiveness ??= (async () => {
    const config = livenessConfigFromEnv();
    const store = (await attendanceDependencies()).liveness;
    if (config.mode === 'rekognition') return createLivenessCheck(config, { store });
    return createLivenessCheck(config, { store, identityThreshold: faceEngineConfigFromEnv().threshold });
  })().catch((error: unknown) => {
    cachedLiveness = undefined;
    throw error;
  });
  return cachedLiveness;
}

export const logger = createLogger('attendance');
