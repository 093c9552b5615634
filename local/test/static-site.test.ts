import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listClassesRoute, routeKey } from '@peixun/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corsPolicy } from '../src/gateway/cors';
import { createGateway } from '../src/gateway/gateway';
import { silentLog } from '../src/log';

/**
 * The console at the API's origin: files and the SPA fallback for page navigations, never in the
 * way of an API route, an API 404 for a fetch, and nothing outside the console's folder.
 */
let root: string;
let server: Server;
let base: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'peixun-site-'));
  await mkdir(join(root, 'assets'));
  await writeFile(join(root, 'index.html'), '<!doctype html><title>控制台</title>');
  await writeFile(join(root, 'assets', 'app-1234.js'), 'console.log(1)');
  await writeFile(join(tmpdir(), 'peixun-site-secret.txt'), 'secret');
  const gateway = createGateway({
    routes: [{ service: 'enrollment', function: 'listClasses', contract: listClassesRoute, routeKey: routeKey(listClassesRoute) }],
    authorize: async () => ({ authorized: false, wwwAuthenticate: 'Bearer' }),
    invoke: async () => ({ statusCode: 200, body: '{}' }),
    endpoints: [],
    log: silentLog,
    cors: corsPolicy([]),
    site: { root, objectStoreOrigins: ['http://127.0.0.1:4566'] },
  });
  server = createServer(gateway);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(root, { recursive: true, force: true });
});

const page = (path: string) => fetch(`${base}${path}`, { headers: { accept: 'text/html,application/xhtml+xml' } });

describe('the built console at the API origin', () => {
  it('serves index.html for a console page the browser navigates to, with the CSP', async () => {
    const response = await page('/trainee/check/ses_1/in');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('控制台');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('content-security-policy')).toContain('http://127.0.0.1:4566');
    expect(response.headers.get('cache-control')).toBe('no-cache');
  });

  it('serves hashed assets with a long cache', async () => {
    const response = await fetch(`${base}/assets/app-1234.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('javascript');
    expect(response.headers.get('cache-control')).toContain('immutable');
  });

  it('never shadows an API route: a navigation to an API path reaches the authorizer', async () => {
    const response = await page('/classes');
    expect(response.status).toBe(401);
  });

  it('a fetch of an unknown path or a missing asset gets the API 404, not the app', async () => {
    expect((await fetch(`${base}/no-such-api`)).status).toBe(404);
    expect((await page('/assets/missing.js')).status).toBe(404);
  });

  it('nothing outside the console folder is served', async () => {
    const response = await page('/..%2fpeixun-site-secret.txt');
    expect(await response.text()).not.toContain('secret');
  });
});
