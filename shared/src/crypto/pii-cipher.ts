import { createCipheriv, createDecipheriv, createHmac, createSecretKey, hkdfSync, randomBytes } from 'node:crypto';
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { ConfigurationError } from '../errors';
import { RESOURCE_ENV } from '../env';

/**
 * Personal numbers are stored encrypted (AES-256-GCM) and looked up by a keyed fingerprint
 * (HMAC-SHA-256), so a table scan or a backup never shows an ID number in clear while
 * uniqueness can still be enforced by a conditional write on the fingerprint.
 */
export interface PiiCipher {
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
  fingerprint(plain: string): string;
}

/** Any secret of 32 characters or more; HKDF derives separate keys for sealing and fingerprinting. */
export function piiCipherFromSecret(secret: string): PiiCipher {
  if (secret.length < 32) throw new ConfigurationError(RESOURCE_ENV.piiKey, 'must be at least 32 characters');
  const masterKey = Buffer.from(secret, 'utf8');
  // Key objects, made once: given raw bytes, Node 24 prepares the key on every call (an HMAC took ~35 µs instead of ~4).
  const derive = (purpose: string) => createSecretKey(Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), purpose, 32)));
  const encryptionKey = derive('peixun/pii/encryption');
  const fingerprintKey = derive('peixun/pii/fingerprint');
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', encryptionKey, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
    },
    decrypt(sealed) {
      const [version, payload] = sealed.split('.');
      if (version !== 'v1' || payload === undefined) throw new Error('Unknown PII envelope version');
      const raw = Buffer.from(payload, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', encryptionKey, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    },
    fingerprint(plain) {
      return createHmac('sha256', fingerprintKey).update(plain).digest('base64url');
    },
  };
}

/**
 * Locally the key comes in `PII_KEY`; in AWS the function gets the secret's ARN and reads it once
 * per cold start (Powertools caches it).
 */
export async function loadPiiCipher(): Promise<PiiCipher> {
  return piiCipherFromSecret(await secretFromEnv(RESOURCE_ENV.piiKey, RESOURCE_ENV.piiKeySecretArn));
}

/**
 * A secret string: given directly in `directVariable` (local runs), or read from Secrets Manager
 * by the ARN in `arnVariable` (AWS), once per cold start and cached by Powertools. Fails fast
 * when neither is set.
 */
export async function secretFromEnv(directVariable: string, arnVariable: string): Promise<string> {
  const direct = process.env[directVariable];
  if (direct !== undefined && direct !== '') return direct;
  const arn = process.env[arnVariable];
  if (arn === undefined || arn === '') throw new ConfigurationError(`${directVariable} or ${arnVariable}`);
  const secret = await getSecret(arn, { maxAge: 3600 });
  if (typeof secret !== 'string') throw new ConfigurationError(arnVariable, 'does not hold a string secret');
  return secret;
}
