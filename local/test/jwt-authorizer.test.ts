import { SignJWT, exportJWK, generateKeyPair, type JWK } from 'jose';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createJwtAuthorizer, flattenClaim, type AuthorizerResult } from '../src/gateway/jwt-authorizer';

const ISSUER = 'http://127.0.0.1:3000';
const AUDIENCE = 'peixun-local-web';

let privateKey: CryptoKey;
let publicJwk: JWK;
let authorize: (header: string | undefined) => Promise<AuthorizerResult>;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  privateKey = pair.privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256' };
  publicJwk = jwk;
  authorize = createJwtAuthorizer({ issuer: ISSUER, audience: AUDIENCE, jwks: { keys: [jwk] } });
});

const token = (overrides: { iss?: string; aud?: string; exp?: number } = {}) =>
  new SignJWT({ 'cognito:groups': ['reviewer', 'admin'], 'custom:area_code': '520102', auth_time: 1_700_000_000, email_verified: true })
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setIssuer(overrides.iss ?? ISSUER)
    .setAudience(overrides.aud ?? AUDIENCE)
    .setSubject('u1')
    .setExpirationTime(overrides.exp ?? Math.floor(Date.now() / 1000) + 600)
    .sign(privateKey);

describe('JWT authorizer (API Gateway HTTP API semantics)', () => {
  it('accepts a valid token and passes every claim on as a string', async () => {
    const result = await authorize(`Bearer ${await token()}`);
    expect(result).toMatchObject({
      authorized: true,
      scopes: null,
      claims: { sub: 'u1', 'cognito:groups': '[reviewer admin]', 'custom:area_code': '520102', auth_time: '1700000000', email_verified: 'true' },
    });
  });

  it.each([
    ['another issuer', { iss: 'https://elsewhere.example' }],
    ['another audience', { aud: 'other-client' }],
    ['an expired token', { exp: Math.floor(Date.now() / 1000) - 60 }],
  ])('refuses %s', async (_label, overrides) => {
    expect(await authorize(`Bearer ${await token(overrides)}`)).toMatchObject({ authorized: false });
  });

  it('refuses a signed token without exp, as API Gateway does (issue 13)', async () => {
    const forever = await new SignJWT({ 'cognito:groups': ['admin'] })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject('u1')
      .sign(privateKey);
    expect(await authorize(`Bearer ${forever}`)).toMatchObject({ authorized: false });
  });

  it('refuses a signed token for a user the pool does not know, when told who it knows (issue 13)', async () => {
    const pair = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k2', alg: 'RS256' };
    const pooled = createJwtAuthorizer({ issuer: ISSUER, audience: AUDIENCE, jwks: { keys: [jwk] }, isKnownUser: (payload) => payload.sub === 'known' });
    const signedFor = (sub: string) =>
      new SignJWT({}).setProtectedHeader({ alg: 'RS256', kid: 'k2' }).setIssuer(ISSUER).setAudience(AUDIENCE).setSubject(sub).setExpirationTime('5m').sign(pair.privateKey);
    expect(await pooled(`Bearer ${await signedFor('nobody')}`)).toMatchObject({ authorized: false });
    const known = await signedFor('known');
    expect(await pooled(`Bearer ${known}`)).toMatchObject({ authorized: true });
  });

  describe('a token verified once', () => {
    afterEach(() => vi.useRealTimers());

    it('is still refused once it expires, and as expired', async () => {
      const shortLived = await token({ exp: Math.floor(Date.now() / 1000) + 5 });
      expect(await authorize(`Bearer ${shortLived}`)).toMatchObject({ authorized: true });
      expect(await authorize(`Bearer ${shortLived}`)).toMatchObject({ authorized: true });
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(Date.now() + 6_000);
      expect(await authorize(`Bearer ${shortLived}`)).toEqual({ authorized: false, wwwAuthenticate: 'Bearer error="invalid_token" error_description="the token has expired"' });
    });

    it('is refused once the pool no longer knows its user', async () => {
      const known = new Set(['u1']);
      const pooled = createJwtAuthorizer({ issuer: ISSUER, audience: AUDIENCE, jwks: { keys: [publicJwk] }, isKnownUser: (payload) => known.has(String(payload.sub)) });
      const signed = await token();
      expect(await pooled(`Bearer ${signed}`)).toMatchObject({ authorized: true, claims: { sub: 'u1' } });
      known.delete('u1');
      expect(await pooled(`Bearer ${signed}`)).toMatchObject({ authorized: false });
    });

    it('with one byte changed is verified afresh and refused', async () => {
      const signed = await token();
      expect(await authorize(`Bearer ${signed}`)).toMatchObject({ authorized: true });
      const tampered = `${signed.slice(0, -2)}${signed.at(-2) === 'A' ? 'B' : 'A'}${signed.at(-1)}`;
      expect(await authorize(`Bearer ${tampered}`)).toMatchObject({ authorized: false });
    });
  });

  it('refuses a missing header or another scheme', async () => {
    expect(await authorize(undefined)).toEqual({ authorized: false, wwwAuthenticate: 'Bearer' });
    expect(await authorize(`Basic ${Buffer.from('a:b').toString('base64')}`)).toMatchObject({ authorized: false });
  });

  it('flattens arrays and maps the way API Gateway prints them', () => {
    expect(flattenClaim(['a', 'b'])).toBe('[a b]');
    expect(flattenClaim({ k: 'v', n: 1 })).toBe('map[k:v n:1]');
    expect(flattenClaim(42)).toBe('42');
  });
});
