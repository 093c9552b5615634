import { numberFromEnv } from '@peixun/shared';
import { DEFAULT_GAP_TOLERANCE_SECONDS } from './domain/coverage';
import { DEFAULT_MISSING_GRACE_HOURS } from './domain/missing-recording';
import { DEFAULT_MAX_RECORDING_BYTES, DEFAULT_PART_BYTES } from './domain/part-plan';

/** Deployment settings of the recordings service; each has a default and may be overridden. */
export interface RecordingsConfig {
  readonly maxRecordingBytes: number;
  readonly preferredPartBytes: number;
  readonly partUrlTtlSeconds: number;
  readonly viewUrlTtlSeconds: number;
  readonly missingGraceHours: number;
  readonly gapToleranceSeconds: number;
  /** 0 disables S3 Object Lock retention (the local emulator has none). */
  readonly retentionDays: number;
}

export const RECORDINGS_ENV = {
  maxRecordingBytes: 'RECORDING_MAX_BYTES',
  preferredPartBytes: 'RECORDING_PART_BYTES',
  partUrlTtlSeconds: 'RECORDING_PART_URL_TTL_SECONDS',
  viewUrlTtlSeconds: 'RECORDING_VIEW_URL_TTL_SECONDS',
  missingGraceHours: 'RECORDING_MISSING_GRACE_HOURS',
  gapToleranceSeconds: 'RECORDING_GAP_TOLERANCE_SECONDS',
  retentionDays: 'RECORDING_RETENTION_DAYS',
} as const;

export function loadRecordingsConfig(): RecordingsConfig {
  return {
    maxRecordingBytes: numberFromEnv(RECORDINGS_ENV.maxRecordingBytes, DEFAULT_MAX_RECORDING_BYTES),
    preferredPartBytes: numberFromEnv(RECORDINGS_ENV.preferredPartBytes, DEFAULT_PART_BYTES),
    partUrlTtlSeconds: numberFromEnv(RECORDINGS_ENV.partUrlTtlSeconds, 900),
    viewUrlTtlSeconds: numberFromEnv(RECORDINGS_ENV.viewUrlTtlSeconds, 900),
    missingGraceHours: numberFromEnv(RECORDINGS_ENV.missingGraceHours, DEFAULT_MISSING_GRACE_HOURS),
    gapToleranceSeconds: numberFromEnv(RECORDINGS_ENV.gapToleranceSeconds, DEFAULT_GAP_TOLERANCE_SECONDS),
    retentionDays: numberFromEnv(RECORDINGS_ENV.retentionDays, 0),
  };
}
