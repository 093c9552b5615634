import { ConfigurationError } from './errors';

/** Reads a required variable; a missing one stops the cold start instead of failing a request later. */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new ConfigurationError(name);
  }
  return value;
}

export function envOrDefault(name: string, fallback: string): string {
  const value = process.env[name];
  return value === undefined || value === '' ? fallback : value;
}

export function numberFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new ConfigurationError(name, `"${raw}" is not a number`);
  return value;
}

/** The trainee user pool's token issuer, given to functions behind the trainee API (`auth.ts`, `limitTraineePoolRoles`). */
export const TRAINEE_ISSUER_ENV = 'TRAINEE_TOKEN_ISSUER';

/** The names under which infra and the local runtime hand resources to a function. */
export const RESOURCE_ENV = {
  table: 'TABLE_NAME',
  bucket: 'BUCKET_NAME',
  eventBus: 'EVENT_BUS_NAME',
  piiKey: 'PII_KEY',
  piiKeySecretArn: 'PII_KEY_SECRET_ARN',
  serviceName: 'POWERTOOLS_SERVICE_NAME',
  /** The Rekognition face collection of the cloud face engine. */
  faceCollectionId: 'FACE_COLLECTION_ID',
} as const;

/**
 * The face engine in use (`embedded` | `rekognition`). Configuration, not a resource: the manifest
 * defaults it to `embedded` (local, on-premises) and infra overrides it where it binds a collection.
 */
export const FACE_ENGINE_ENV = 'FACE_ENGINE';
/** Which liveness check the attendance service runs (`embedded` | `rekognition`); infra sets it where the access list says `liveness: 'session'`. */
export const LIVENESS_ENGINE_ENV = 'LIVENESS_ENGINE';
/** Whether face checks need a passed liveness result; infra sets `true` where the access list says `liveness: 'required'`. */
export const LIVENESS_REQUIRED_ENV = 'LIVENESS_REQUIRED';

/**
 * The provincial identity-verification service (实名核验) the enrollment service calls: its base
 * URL, its API key (directly, or a Secrets Manager secret's ARN in AWS) and the time one check may
 * take before it counts as unavailable.
 */
export const IDENTITY_AUTHORITY_ENV = {
  url: 'IDENTITY_AUTHORITY_URL',
  apiKey: 'IDENTITY_AUTHORITY_API_KEY',
  apiKeySecretArn: 'IDENTITY_AUTHORITY_API_KEY_SECRET_ARN',
  timeoutMs: 'IDENTITY_AUTHORITY_TIMEOUT_MS',
} as const;
