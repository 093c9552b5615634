/**
 * Which liveness adapter runs, and its thresholds, from the environment, like the face engine:
 * `LIVENESS_ENGINE` (default: `FACE_ENGINE`, so AWS deployments get Rekognition Face Liveness
 * and `npm start` the embedded check). A wrong value stops the cold start.
 */
import { RekognitionClient } from '@aws-sdk/client-rekognition';
import { awsClientConfig, ConfigurationError, envOrDefault, FACE_ENGINE_ENV, LIVENESS_ENGINE_ENV } from '@peixun/shared';
import { EMBEDDED_DEFAULT_THRESHOLD } from '../embedded/embedded-face-engine';
import { faceWorkersFromEnv, optionalNumber, optionalString } from '../face-engine-config';
import { loadEmbeddedRuntime } from '../embedded/load-runtime';
import type { LivenessChallengeStore } from './challenge-store';
import { EmbeddedLivenessCheck } from './embedded-liveness-check';
import type { LivenessCheck, LivenessMode } from './liveness-check';
import { RekognitionLivenessCheck } from './rekognition-liveness-check';

export const LIVENESS_ENV = {
  engine: LIVENESS_ENGINE_ENV,
  minConfidence: 'LIVENESS_MIN_CONFIDENCE',
  ttlSeconds: 'LIVENESS_TTL_SECONDS',
  wasmDir: 'FACE_WASM_DIR',
} as const;

export interface LivenessConfig {
  readonly mode: LivenessMode;
  /** Rekognition: pass mark on its 0–100 confidence; undefined: the adapter's default (90). */
  readonly minConfidence: number | undefined;
  /** Embedded: seconds a challenge may be answered; undefined: 60. */
  readonly ttlSeconds: number | undefined;
  readonly wasmDir: string | undefined;
  /** Embedded: inference threads, shared with the face engine (whichever loads the models first sets it). */
  readonly workers: number;
}

export function livenessConfigFromEnv(): LivenessConfig {
  const mode = envOrDefault(LIVENESS_ENV.engine, envOrDefault(FACE_ENGINE_ENV, 'embedded'));
  if (mode !== 'embedded' && mode !== 'rekognition') {
    throw new ConfigurationError(LIVENESS_ENV.engine, `is "${mode}", expected "embedded" or "rekognition"`);
  }
  return {
    mode,
    minConfidence: optionalNumber(LIVENESS_ENV.minConfidence),
    ttlSeconds: optionalNumber(LIVENESS_ENV.ttlSeconds),
    wasmDir: optionalString(LIVENESS_ENV.wasmDir),
    workers: faceWorkersFromEnv(),
  };
}

export interface LivenessDependencies {
  readonly store: LivenessChallengeStore;
  readonly rekognitionClient?: RekognitionClient;
  /** The embedded face engine's identity threshold; default its calibrated EMBEDDED_DEFAULT_THRESHOLD. */
  readonly identityThreshold?: number;
}

/** Builds the configured adapter; the embedded one shares the process's face models (loaded once). */
export async function createLivenessCheck(config: LivenessConfig, dependencies: LivenessDependencies): Promise<LivenessCheck> {
  if (config.mode === 'rekognition') {
    return new RekognitionLivenessCheck({
      client: dependencies.rekognitionClient ?? new RekognitionClient(awsClientConfig()),
      store: dependencies.store,
      minConfidence: config.minConfidence,
    });
  }
  return new EmbeddedLivenessCheck({
    runtime: await loadEmbeddedRuntime({ wasmDir: config.wasmDir, workers: config.workers }),
    store: dependencies.store,
    identityThreshold: dependencies.identityThreshold ?? EMBEDDED_DEFAULT_THRESHOLD,
    policy: { ttlSeconds: config.ttlSeconds },
  });
}
