/**
 * Which engine runs, and its thresholds, come from the environment only; a wrong value stops the
 * cold start instead of failing check-ins later. Infra sets FACE_ENGINE=rekognition and the
 * collection (plus the IAM grant) in one place; `npm start` and on-premises use the embedded engine.
 */
import { availableParallelism } from 'node:os';
import { RekognitionClient } from '@aws-sdk/client-rekognition';
import { awsClientConfig, ConfigurationError, envOrDefault, FACE_ENGINE_ENV, requireEnv, RESOURCE_ENV } from '@peixun/shared';
import type { FaceEngine } from './face-engine';
import { EmbeddedFaceEngine } from './embedded/embedded-face-engine';
import type { TemplateStore } from './embedded/template-store';
import type { QualityPolicy } from './quality';
import { RekognitionFaceEngine } from './rekognition/rekognition-face-engine';

export const FACE_ENV = {
  engine: FACE_ENGINE_ENV,
  threshold: 'FACE_MATCH_THRESHOLD',
  secondPhotoBand: 'FACE_SECOND_PHOTO_BAND',
  collectionId: RESOURCE_ENV.faceCollectionId,
  scoreFloor: 'FACE_SCORE_FLOOR',
  wasmDir: 'FACE_WASM_DIR',
  workers: 'FACE_ENGINE_WORKERS',
  minFaceSize: 'FACE_MIN_FACE_SIZE',
  minSharpness: 'FACE_MIN_SHARPNESS',
  maxYaw: 'FACE_MAX_YAW',
  maxPitch: 'FACE_MAX_PITCH',
  maxRoll: 'FACE_MAX_ROLL',
} as const;

interface CommonConfig {
  /** 0–100; default: the engine's own (99 for Rekognition, the calibrated value for embedded). */
  readonly threshold: number | undefined;
  /** Points below the threshold that ask for a second photo; default: the engine's own (0 for Rekognition). */
  readonly secondPhotoBand: number | undefined;
  readonly quality: Partial<QualityPolicy>;
}

export type FaceEngineConfig =
  | (CommonConfig & { readonly engine: 'embedded'; readonly wasmDir: string | undefined; readonly workers: number })
  | (CommonConfig & { readonly engine: 'rekognition'; readonly collectionId: string; readonly scoreFloor: number | undefined });

export function faceEngineConfigFromEnv(): FaceEngineConfig {
  const engine = envOrDefault(FACE_ENV.engine, 'embedded');
  const common: CommonConfig = {
    threshold: optionalNumber(FACE_ENV.threshold),
    secondPhotoBand: optionalNumber(FACE_ENV.secondPhotoBand),
    // Unset variables stay undefined; the engines fall back to the calibrated defaults for those.
    quality: {
      minFaceSize: optionalNumber(FACE_ENV.minFaceSize),
      minSharpness: optionalNumber(FACE_ENV.minSharpness),
      maxYaw: optionalNumber(FACE_ENV.maxYaw),
      maxPitch: optionalNumber(FACE_ENV.maxPitch),
      maxRoll: optionalNumber(FACE_ENV.maxRoll),
    },
  };
  switch (engine) {
    case 'embedded':
      return { ...common, engine, wasmDir: optionalString(FACE_ENV.wasmDir), workers: faceWorkersFromEnv() };
    case 'rekognition':
      return { ...common, engine, collectionId: requireEnv(FACE_ENV.collectionId), scoreFloor: optionalNumber(FACE_ENV.scoreFloor) };
    default:
      throw new ConfigurationError(FACE_ENV.engine, `is "${engine}", expected "embedded" or "rekognition"`);
  }
}

/**
 * Inference threads of the embedded engine: `FACE_ENGINE_WORKERS`, at most the cores available
 * (a second inference on a busy core only adds latency), default all of them.
 */
export function faceWorkersFromEnv(): number {
  const cores = availableParallelism();
  const wanted = optionalNumber(FACE_ENV.workers) ?? cores;
  if (!Number.isInteger(wanted) || wanted < 1) throw new ConfigurationError(FACE_ENV.workers, `is "${wanted}", expected a whole number of at least 1`);
  return Math.min(wanted, cores);
}

export interface FaceEngineDependencies {
  /** Required for the embedded engine (the service's DynamoDB store, or in-memory locally). */
  readonly templateStore?: TemplateStore;
  readonly rekognitionClient?: RekognitionClient;
}

/** Builds the configured engine; for the embedded one this loads the models, so call it once at start-up. */
export async function createFaceEngine(config: FaceEngineConfig, dependencies: FaceEngineDependencies = {}): Promise<FaceEngine> {
  if (config.engine === 'rekognition') {
    return new RekognitionFaceEngine({
      client: dependencies.rekognitionClient ?? new RekognitionClient(awsClientConfig()),
      collectionId: config.collectionId,
      threshold: config.threshold,
      secondPhotoBand: config.secondPhotoBand,
      scoreFloor: config.scoreFloor,
      quality: config.quality,
    });
  }
  if (dependencies.templateStore === undefined) {
    throw new ConfigurationError('templateStore', 'must be provided for the embedded face engine');
  }
  return EmbeddedFaceEngine.create({
    store: dependencies.templateStore,
    threshold: config.threshold,
    secondPhotoBand: config.secondPhotoBand,
    quality: config.quality,
    runtime: { wasmDir: config.wasmDir, workers: config.workers },
  });
}

/** An environment variable, undefined when unset or empty. */
export function optionalString(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value === '' ? undefined : value;
}

/** A numeric environment variable, undefined when unset or empty; anything else is a configuration error. */
export function optionalNumber(name: string): number | undefined {
  const raw = optionalString(name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new ConfigurationError(name, `"${raw}" is not a number`);
  return value;
}

