import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { readSecretJson, writeSecretJson } from '../data-dir';

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  /** The public half as published in the JWKS. */
  publicJwk: JWK;
}

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi'] as const;

async function fromPrivateJwk(privateJwk: JWK): Promise<SigningKey> {
  const publicJwk: JWK = { ...privateJwk };
  for (const member of PRIVATE_MEMBERS) delete publicJwk[member];
  const kid = await calculateJwkThumbprint(publicJwk);
  const privateKey = await importJWK(privateJwk, 'RS256');
  if (!(privateKey instanceof CryptoKey)) throw new Error('Expected an RSA private key in the issuer key file');
  return { kid, privateKey, publicJwk: { ...publicJwk, kid, alg: 'RS256', use: 'sig' } };
}

/**
 * RS256, like Cognito. With a data directory the key is kept there, so tokens handed out before
 * a restart stay valid; without one (tests) every run gets a fresh key.
 */
export async function loadSigningKey(keyFile: string | undefined): Promise<SigningKey> {
  const saved = keyFile === undefined ? undefined : readSecretJson<JWK>(keyFile);
  if (saved !== undefined) return fromPrivateJwk(saved);
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const privateJwk = await exportJWK(privateKey);
  if (keyFile !== undefined) writeSecretJson(keyFile, privateJwk);
  return fromPrivateJwk(privateJwk);
}
