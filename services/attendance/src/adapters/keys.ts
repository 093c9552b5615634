/**
 * Single-table layout of the attendance service (partition `pk`, sort `sk`, one overloaded
 * index `gsi1`). Every key shape is built here so the layout can be read in one place:
 *
 * | item | pk | sk | gsi1pk / gsi1sk |
 * |---|---|---|---|
 * | class (projection) | `CLASS#<id>` | `META` | |
 * | roster member | `CLASS#<id>` | `MEMBER#<traineeId>` | `TRAINEE#<id>` / `CLASS#<id>` |
 * | session | `SESSION#<id>` | `META` | `CLASS#<id>#SESSIONS` / `<sessionId>` |
 * | trainee (projection) | `TRAINEE#<id>` | `PROFILE` | |
 * | login → trainee | `ACCOUNT#<sub>` | `TRAINEE` | |
 * | face enrolment state | `TRAINEE#<id>` | `FACE` | |
 * | face template (embedded engine) | `FACE_TEMPLATE#<traineeId>` | `TEMPLATE` | `FACE_TEMPLATES` / `<templateId>` |
 * | check record | `SESSION#<id>` | `CHECK#<kind>#<traineeId>` | `CLASS#<id>#ATTENDANCE` / `<sessionId>#<kind>#<traineeId>` |
 * | a photo once per session | `SESSION#<id>` | `PHOTO#<sha256>` | |
 * | a photo once per trainee (exact bytes) | `TRAINEE#<id>` | `PHOTO#<sha256>` | |
 * | the trainee's recent photo hashes (versioned) | `TRAINEE#<id>` | `PHOTO_HASHES` | |
 * | manual record | `MANUAL#<recordId>` | `RECORD` | `CLASS#<id>#ATTENDANCE` / `<sessionId>#MANUAL#<traineeId>` |
 * | one manual record per session | `SESSION#<id>` | `MANUAL#<traineeId>` | |
 * | failure counter (TTL) | `FAILURES#<TRAINEE|DEVICE>#<id>` | `WINDOW` | |
 * | lock-out (TTL) | `LOCK#<TRAINEE|DEVICE>#<id>` | `LOCK` | |
 * | device's trainees in the last 60 s (versioned, TTL) | `DEVICE#<id>` | `RECENT_TRAINEES` | |
 * | registered kiosk (each institution names its own devices) | `INSTITUTION#<id>#KIOSK#<deviceId>` | `KIOSK` | |
 * | training site → its institution (projection) | `SITE#<siteId>` | `SITE` | |
 * | anomaly | `ANOMALY#<id>` | `ANOMALY` | `ANOMALIES` / `<areaCode>#<detectedAt>#<id>` |
 * | liveness challenge and its result (TTL) | `LIVENESS#<challengeId>` | `CHALLENGE` | |
 * | a frame of a passed liveness burst (TTL) | `LIVENESS_FRAME#<sha256>` | `FRAME` | |
 */
export const keys = {
  class: (classId: string) => ({ pk: `CLASS#${classId}`, sk: 'META' }),
  member: (classId: string, traineeId: string) => ({ pk: `CLASS#${classId}`, sk: `MEMBER#${traineeId}` }),
  session: (sessionId: string) => ({ pk: `SESSION#${sessionId}`, sk: 'META' }),
  trainee: (traineeId: string) => ({ pk: `TRAINEE#${traineeId}`, sk: 'PROFILE' }),
  account: (sub: string) => ({ pk: `ACCOUNT#${sub}`, sk: 'TRAINEE' }),
  face: (traineeId: string) => ({ pk: `TRAINEE#${traineeId}`, sk: 'FACE' }),
  template: (traineeId: string) => ({ pk: `FACE_TEMPLATE#${traineeId}`, sk: 'TEMPLATE' }),
  check: (sessionId: string, kind: string, traineeId: string) => ({ pk: `SESSION#${sessionId}`, sk: `CHECK#${kind}#${traineeId}` }),
  photoInSession: (sessionId: string, imageHash: string) => ({ pk: `SESSION#${sessionId}`, sk: `PHOTO#${imageHash}` }),
  photoOfTrainee: (traineeId: string, imageHash: string) => ({ pk: `TRAINEE#${traineeId}`, sk: `PHOTO#${imageHash}` }),
  photoHashes: (traineeId: string) => ({ pk: `TRAINEE#${traineeId}`, sk: 'PHOTO_HASHES' }),
  manual: (recordId: string) => ({ pk: `MANUAL#${recordId}`, sk: 'RECORD' }),
  manualInSession: (sessionId: string, traineeId: string) => ({ pk: `SESSION#${sessionId}`, sk: `MANUAL#${traineeId}` }),
  failures: (scope: LimitScope, id: string) => ({ pk: `FAILURES#${scope}#${id}`, sk: 'WINDOW' }),
  lock: (scope: LimitScope, id: string) => ({ pk: `LOCK#${scope}#${id}`, sk: 'LOCK' }),
  deviceWindow: (deviceId: string) => ({ pk: `DEVICE#${deviceId}`, sk: 'RECENT_TRAINEES' }),
  kiosk: (institutionId: string, deviceId: string) => ({ pk: `INSTITUTION#${institutionId}#KIOSK#${deviceId}`, sk: 'KIOSK' }),
  site: (siteId: string) => ({ pk: `SITE#${siteId}`, sk: 'SITE' }),
  anomaly: (anomalyId: string) => ({ pk: `ANOMALY#${anomalyId}`, sk: 'ANOMALY' }),
  livenessChallenge: (challengeId: string) => ({ pk: `LIVENESS#${challengeId}`, sk: 'CHALLENGE' }),
  livenessFrame: (sha256: string) => ({ pk: `LIVENESS_FRAME#${sha256}`, sk: 'FRAME' }),
};

export type LimitScope = 'TRAINEE' | 'DEVICE';

export const classSessionsIndexKey = (classId: string): string => `CLASS#${classId}#SESSIONS`;
export const classAttendanceIndexKey = (classId: string): string => `CLASS#${classId}#ATTENDANCE`;
export const traineeClassesIndexKey = (traineeId: string): string => `TRAINEE#${traineeId}`;
export const TEMPLATES_INDEX_KEY = 'FACE_TEMPLATES';
export const ANOMALIES_INDEX_KEY = 'ANOMALIES';
export const INDEX = 'gsi1';

export const epochSeconds = (date: Date): number => Math.floor(date.getTime() / 1000);

/** True when a DynamoDB condition or one condition in a transaction failed. */
export function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && (error.name === 'ConditionalCheckFailedException' || error.name === 'TransactionCanceledException');
}

/** `TransactionCanceledException.CancellationReasons`, one code per item ("None" for those that passed). */
export function cancellationCodes(error: unknown): string[] {
  if (typeof error !== 'object' || error === null || !('CancellationReasons' in error) || !Array.isArray(error.CancellationReasons)) return [];
  return error.CancellationReasons.map((reason: { Code?: string }) => reason.Code ?? 'None');
}
