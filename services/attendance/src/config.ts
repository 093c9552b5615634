/**
 * The service's rules that deployments may tune, from the environment (manifest `config` holds
 * the defaults, so local and AWS start from the same values). A bad value stops the cold start.
 */
import { ConfigurationError, LIVENESS_REQUIRED_ENV, numberFromEnv } from '@peixun/shared';
import { DEFAULT_COMPLETION_PERCENT } from './domain/attendance-rate';
import { DEFAULT_PHOTO_REPLAY_POLICY, type PhotoReplayPolicy } from './domain/photo-replay';
import { DEFAULT_WINDOW_POLICY, type WindowPolicy } from './domain/session-window';

export const ATTENDANCE_ENV = {
  checkInOpensBeforeMinutes: 'CHECK_IN_OPENS_BEFORE_MINUTES',
  checkOutOpensBeforeEndMinutes: 'CHECK_OUT_OPENS_BEFORE_END_MINUTES',
  checkOutClosesAfterEndMinutes: 'CHECK_OUT_CLOSES_AFTER_END_MINUTES',
  deviceMaxTraineesPerMinute: 'DEVICE_MAX_TRAINEES_PER_MINUTE',
  failureLimit: 'CHECK_FAILURE_LIMIT',
  failureWindowSeconds: 'CHECK_FAILURE_WINDOW_SECONDS',
  lockoutSeconds: 'CHECK_LOCKOUT_SECONDS',
  completionPercent: 'COMPLETION_ATTENDANCE_PERCENT',
  duplicateThreshold: 'FACE_DUPLICATE_THRESHOLD',
  photoReplayMaxDistance: 'PHOTO_REPLAY_MAX_DISTANCE',
  photoReplayHistory: 'PHOTO_REPLAY_HISTORY',
  livenessRequired: LIVENESS_REQUIRED_ENV,
} as const;

export interface AttendanceConfig {
  readonly window: WindowPolicy;
  /** Different trainees one unregistered device may check in within any 60 seconds (sliding window). */
  readonly deviceMaxTraineesPerMinute: number;
  /** Failures per trainee and per device within the window before a lock-out (AWS Face Liveness guidance: 5 per 3 min). */
  readonly failureLimit: number;
  readonly failureWindowSeconds: number;
  readonly lockoutSeconds: number;
  readonly completionPercent: number;
  /** Threshold of the duplicate-identity search at enrolment; undefined: the engine's identity threshold. */
  readonly duplicateThreshold: number | undefined;
  /** A check photo closer than this (Hamming distance of 64-bit pHashes) to one of the trainee's earlier photos is a replay. */
  readonly photoReplay: PhotoReplayPolicy;
  /**
   * Face checks need a passed liveness result of the same session and trainee/device, consumed by
   * the check. Infra sets it in AWS when the deployment asks; off in the manifest's default: the web
   * console answers only the embedded check's challenges (not Rekognition's streamed ones, which
   * AWS uses), and the README's walk-through checks in with single photos.
   */
  readonly livenessRequired: boolean;
}

export const DEFAULT_ATTENDANCE_CONFIG = {
  deviceMaxTraineesPerMinute: 3,
  failureLimit: 5,
  failureWindowSeconds: 180,
  lockoutSeconds: 180,
} as const;

/** The defaults as the manifest's `config` (environment variables), so deployments see and may override them. */
export const ATTENDANCE_CONFIG_DEFAULTS: Readonly<Record<string, string>> = {
  [ATTENDANCE_ENV.checkInOpensBeforeMinutes]: String(DEFAULT_WINDOW_POLICY.checkInOpensBeforeMinutes),
  [ATTENDANCE_ENV.checkOutOpensBeforeEndMinutes]: String(DEFAULT_WINDOW_POLICY.checkOutOpensBeforeEndMinutes),
  [ATTENDANCE_ENV.checkOutClosesAfterEndMinutes]: String(DEFAULT_WINDOW_POLICY.checkOutClosesAfterEndMinutes),
  [ATTENDANCE_ENV.deviceMaxTraineesPerMinute]: String(DEFAULT_ATTENDANCE_CONFIG.deviceMaxTraineesPerMinute),
  [ATTENDANCE_ENV.failureLimit]: String(DEFAULT_ATTENDANCE_CONFIG.failureLimit),
  [ATTENDANCE_ENV.failureWindowSeconds]: String(DEFAULT_ATTENDANCE_CONFIG.failureWindowSeconds),
  [ATTENDANCE_ENV.lockoutSeconds]: String(DEFAULT_ATTENDANCE_CONFIG.lockoutSeconds),
  [ATTENDANCE_ENV.completionPercent]: String(DEFAULT_COMPLETION_PERCENT),
  [ATTENDANCE_ENV.photoReplayMaxDistance]: String(DEFAULT_PHOTO_REPLAY_POLICY.maxDistance),
  [ATTENDANCE_ENV.photoReplayHistory]: String(DEFAULT_PHOTO_REPLAY_POLICY.historySize),
  // Infra turns it on in AWS (bindFaceLiveness); see AttendanceConfig.livenessRequired for why not here.
  [ATTENDANCE_ENV.livenessRequired]: 'false',
};

export function attendanceConfigFromEnv(): AttendanceConfig {
  const duplicate = process.env[ATTENDANCE_ENV.duplicateThreshold];
  return {
    window: {
      checkInOpensBeforeMinutes: numberFromEnv(ATTENDANCE_ENV.checkInOpensBeforeMinutes, DEFAULT_WINDOW_POLICY.checkInOpensBeforeMinutes),
      checkOutOpensBeforeEndMinutes: numberFromEnv(ATTENDANCE_ENV.checkOutOpensBeforeEndMinutes, DEFAULT_WINDOW_POLICY.checkOutOpensBeforeEndMinutes),
      checkOutClosesAfterEndMinutes: numberFromEnv(ATTENDANCE_ENV.checkOutClosesAfterEndMinutes, DEFAULT_WINDOW_POLICY.checkOutClosesAfterEndMinutes),
    },
    deviceMaxTraineesPerMinute: numberFromEnv(ATTENDANCE_ENV.deviceMaxTraineesPerMinute, DEFAULT_ATTENDANCE_CONFIG.deviceMaxTraineesPerMinute),
    failureLimit: numberFromEnv(ATTENDANCE_ENV.failureLimit, DEFAULT_ATTENDANCE_CONFIG.failureLimit),
    failureWindowSeconds: numberFromEnv(ATTENDANCE_ENV.failureWindowSeconds, DEFAULT_ATTENDANCE_CONFIG.failureWindowSeconds),
    lockoutSeconds: numberFromEnv(ATTENDANCE_ENV.lockoutSeconds, DEFAULT_ATTENDANCE_CONFIG.lockoutSeconds),
    completionPercent: numberFromEnv(ATTENDANCE_ENV.completionPercent, DEFAULT_COMPLETION_PERCENT),
    photoReplay: {
      maxDistance: numberFromEnv(ATTENDANCE_ENV.photoReplayMaxDistance, DEFAULT_PHOTO_REPLAY_POLICY.maxDistance),
      historySize: numberFromEnv(ATTENDANCE_ENV.photoReplayHistory, DEFAULT_PHOTO_REPLAY_POLICY.historySize),
    },
    duplicateThreshold: duplicate === undefined || duplicate === '' ? undefined : numberFromEnv(ATTENDANCE_ENV.duplicateThreshold, 0),
    livenessRequired: booleanFromEnv(ATTENDANCE_ENV.livenessRequired),
  };
}

function booleanFromEnv(name: string): boolean {
  const raw = process.env[name];
  if (raw === undefined || raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  throw new ConfigurationError(name, `is "${raw}", expected "true" or "false"`);
}
