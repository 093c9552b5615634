import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
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

  it('signs in any trainee-<suffix> as a new trainee with its own stable sub, in the same token shape as a seeded one', async () => {
    const tokenOf = async (username: string) => {
      const response = await signIn(username, DEV_PASSWORD);
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      return jwtPayload((response.body as { idToken: string }).idToken);
    };
    const [seeded, fresh, again, other] = await Promise.all([tokenOf('trainee1'), tokenOf('trainee-newcomer'), tokenOf('trainee-newcomer'), tokenOf('trainee-2nd')]);
    expect(Object.keys(fresh).sort()).toEqual(Object.keys(seeded).sort());
    expect(fresh).toMatchObject({ token_use: 'id', 'cognito:username': 'trainee-newcomer', 'cognito:groups': ['trainee'] });
    expect(fresh.sub).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(again.sub).toBe(fresh.sub);
    expect(new Set([seeded.sub, fresh.sub, other.sub]).size).toBe(3);
    for (const refused of ['trainee-', 'trainee-UPPER', 'school-new', 'admin-x']) expect((await signIn(refused, DEV_PASSWORD)).status).toBe(401);
    expect((await signIn('trainee-newcomer', 'wrong')).status).toBe(401);
  });

  it('`npm run token -- trainee --new` prints a token of a login nobody used, and names it', async () => {
    // Asynchronously: the runtime answering the CLI lives in this very process.
    const cli = fileURLToPath(new URL('../src/token-cli.ts', import.meta.url));
    const env = { ...process.env, PEIXUN_API_URL: runtime().urls.api };
    const run = (role: string) => promisify(execFile)(process.execPath, ['--import', 'tsx', cli, role, '--new'], { env, encoding: 'utf8' });
    const [first, second] = await Promise.all([run('trainee'), run('trainee')]);
    const login = /new trainee login: (trainee-[0-9a-f]{8})/.exec(first.stderr)?.[1];
    expect(login, first.stderr).toBeDefined();
    const [a, b] = [decodeJwt(first.stdout.trim()), decodeJwt(second.stdout.trim())];
    expect(a).toMatchObject({ 'cognito:username': login, 'cognito:groups': ['trainee'] });
    expect(b.sub).not.toBe(a.sub);
    await expect(run('reviewer')).rejects.toMatchObject({ code: 2, stdout: '' });
  }, 60_000);

  it('refuses a wrong password or an unknown user with a Chinese problem document', async () => {
    for (const [username, password] of [['reviewer1', 'wrong'], ['nobody', DEV_PASSWORD], ['reviewer', DEV_PASSWORD]] as const) {
      const response = await signIn(username, password);
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ code: 'INVALID_CREDENTIALS', detail: '用户名或密码错误。' });
    }
  });

  it('issues tokens for JSON bodies only: a text/plain or form body (what any web page may send) gets 415 (issue 13)', async () => {
    const credentials = JSON.stringify({ username: 'admin', password: DEV_PASSWORD });
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const response = await fetch(`${runtime().urls.api}/auth/token`, { method: 'POST', headers: { 'content-type': contentType }, body: credentials });
      expect(response.status, contentType).toBe(415);
      expect(await response.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
    }
    const json = await fetch(`${runtime().urls.api}/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: credentials });
    expect(json.status).toBe(200);
  });
});

async function jwtPayload(token: string): Promise<Record<string, unknown>> {
  const keys = createRemoteJWKSet(new URL(`${runtime().urls.api}/.well-known/jwks.json`));
  return (await jwtVerify(token, keys)).payload;
}
