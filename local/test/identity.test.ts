import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { useLocalRuntime } from '../../test/support/runtime';
import { DEV_PASSWORD, SEEDED_USERS } from '../src/identity/users';
import { ROLES } from '@peixun/shared';
import { probeManifest } from './fixtures/manifest';

const runtime = useLocalRuntime({ manifests: [probeManifest] });

async function signIn(username: string, password: string) {
  return runtime().request('POST', '/auth/token', { body: { username, password } });
}

describe('dev identity issuer', () => {
  it('seeds at least one user per role', () => {
    for (const role of ROLES) expect(SEEDED_USERS.some((user) => user.groups.includes(role))).toBe(true);
  });

  it('publishes discovery and keys where Cognito does', async () => {
    const { body } = await runtime().request('GET', '/.well-known/openid-configuration');
    expect(body).toMatchObject({ issuer: runtime().urls.api, jwks_uri: `${runtime().urls.api}/.well-known/jwks.json` });
    const jwks = (await runtime().request('GET', '/.well-known/jwks.json')).body as { keys: Array<Record<string, string>> };
    expect(jwks.keys).toEqual([expect.objectContaining({ kty: 'RSA', alg: 'RS256', use: 'sig' })]);
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });

  it('signs in with the dev password and issues a Cognito-shaped ID token that verifies against the JWKS', async () => {
    const response = await signIn('reviewer1', DEV_PASSWORD);
    expect(response.status).toBe(200);
    const { idToken, expiresIn } = response.body as { idToken: string; expiresIn: number };
    expect(expiresIn).toBe(3600);
    const keys = createRemoteJWKSet(new URL(`${runtime().urls.api}/.well-known/jwks.json`));
    const { payload } = await jwtVerify(idToken, keys, { issuer: runtime().urls.api, audience: 'peixun-local-web' });
    expect(payload).toMatchObject({
      token_use: 'id',
      'cognito:username': 'reviewer1',
      'cognito:groups': ['reviewer'],
      'custom:area_code': '520102',
    });
    expect(payload.sub).toMatch(/^[0-9a-f-]{36}$/);
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(3600);
    expect(typeof payload.auth_time).toBe('number');
    expect(decodeProtectedHeader(idToken)).toMatchObject({ alg: 'RS256', kid: expect.any(String) });
  });

  it('gives institution staff their institution and nobody else one', async () => {
    const school = await jwtPayload(await runtime().issuer.tokenFor('school1'));
    expect(school['custom:institution_id']).toBe('ins_demo');
    const trainee = await jwtPayload(await runtime().issuer.tokenFor('trainee1'));
    expect(trainee).not.toHaveProperty('custom:institution_id');
    expect(trainee).not.toHaveProperty('custom:area_code');
  });

  it('resolves a role name to the first user with that role', async () => {
    expect((await jwtPayload(await runtime().issuer.tokenFor('finance')))['cognito:username']).toBe('finance1');
  });

  it('refuses a wrong password or an unknown user with a Chinese problem document', async () => {
    for (const [username, password] of [['reviewer1', 'wrong'], ['nobody', DEV_PASSWORD], ['reviewer', DEV_PASSWORD]] as const) {
      const response = await signIn(username, password);
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ code: 'INVALID_CREDENTIALS', detail: '用户名或密码错误。' });
    }
  });
});

async function jwtPayload(token: string): Promise<Record<string, unknown>> {
  const keys = createRemoteJWKSet(new URL(`${runtime().urls.api}/.well-known/jwks.json`));
  return (await jwtVerify(token, keys)).payload;
}
