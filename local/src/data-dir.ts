import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `npm start` keeps its state here, at the repository root (git-ignored). */
export const DEFAULT_DATA_DIR = fileURLToPath(new URL('../../.peixun/data', import.meta.url));

/** Where each part of the runtime keeps its state inside the data directory. */
export const dataPaths = (dataDir: string) => ({
  dynamodb: join(dataDir, 'dynamodb'),
  s3: join(dataDir, 's3'),
  piiKey: join(dataDir, 'secrets', 'pii-key'),
  issuerKey: join(dataDir, 'secrets', 'issuer-key.json'),
  /** Written once the demo world is seeded, with the ids it was given (see demo/seed.ts). */
  demoSeeded: join(dataDir, 'demo-seeded'),
  /** The demo world's ids as `export DEMO_…=…`, for `source .peixun/data/demo.env`. */
  demoEnv: join(dataDir, 'demo.env'),
  /** The last outbox stream record relayed per table stream and shard (see streams/checkpoints.ts). */
  outboxCheckpoints: join(dataDir, 'outbox-checkpoints.json'),
  /** Events the local bus accepted and has not delivered to every subscription yet (see bus/delivery-journal.ts). */
  busJournal: join(dataDir, 'bus-pending.jsonl'),
  /** The pid of the runtime using the directory: one at a time (see data-dir-lock.ts). */
  runtimeLock: join(dataDir, 'runtime.pid'),
});

/** Secrets are readable by the owner only, like any credential on disk. */
function writeSecret(file: string, content: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, content, { mode: 0o600 });
}

export function readSecretJson<T>(file: string): T | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : undefined;
}

export function writeSecretJson(file: string, value: unknown): void {
  writeSecret(file, JSON.stringify(value));
}

/**
 * The dev key for field-level encryption of ID numbers: kept with the data it encrypts (stored
 * records must stay readable across restarts), fresh per run when nothing is kept.
 */
export function loadPiiKey(file: string | undefined): string {
  if (file !== undefined && existsSync(file)) return readFileSync(file, 'utf8').trim();
  const key = randomBytes(32).toString('base64url');
  if (file !== undefined) writeSecret(file, key);
  return key;
}
