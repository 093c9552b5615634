import type { Pool } from './config';

/**
 * OAuth 2.0 authorization code with PKCE (RFC 7636) against Cognito's managed login: the browser
 * never holds a client secret, and a stolen code is useless without the verifier kept in this tab.
 */
const VERIFIER_KEY = 'peixun.pkce.verifier';
const STATE_KEY = 'peixun.pkce.state';
const POOL_KEY = 'peixun.pkce.pool';

const base64Url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

const randomString = (length: number): string => base64Url(crypto.getRandomValues(new Uint8Array(length)));

async function challengeOf(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

export const redirectUri = (): string => `${location.origin}/login/callback`;

/** `pool`: which user pool this sign-in goes to, remembered in this tab for the callback. */
export async function authorizeUrl(domain: string, clientId: string, scopes: readonly string[], pool: Pool = 'staff'): Promise<string> {
  const verifier = randomString(48);
  const state = randomString(16);
  sessionStorage.setItem(VERIFIER_KEY, verifier);
  sessionStorage.setItem(STATE_KEY, state);
  sessionStorage.setItem(POOL_KEY, pool);
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirectUri(),
    scope: scopes.join(' '),
    state,
    code_challenge_method: 'S256',
    code_challenge: await challengeOf(verifier),
  });
  return `${domain}/oauth2/authorize?${query}`;
}

/** The pool the pending sign-in went to (staff unless the trainee login was chosen). */
export const pendingPool = (): Pool => (sessionStorage.getItem(POOL_KEY) === 'trainee' ? 'trainee' : 'staff');

export interface TokenAnswer {
  id_token: string;
  refresh_token?: string;
  expires_in: number;
}

async function tokenRequest(domain: string, body: URLSearchParams): Promise<TokenAnswer> {
  const response = await fetch(`${domain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  if (!response.ok) throw new Error('登录凭证无效或已过期，请重新登录。');
  return (await response.json()) as TokenAnswer;
}

export async function exchangeCode(domain: string, clientId: string, code: string, state: string): Promise<TokenAnswer> {
  const verifier = sessionStorage.getItem(VERIFIER_KEY);
  const expected = sessionStorage.getItem(STATE_KEY);
  sessionStorage.removeItem(VERIFIER_KEY);
  sessionStorage.removeItem(STATE_KEY);
  sessionStorage.removeItem(POOL_KEY);
  if (verifier === null || expected === null || expected !== state) throw new Error('登录请求已失效，请重新登录。');
  return tokenRequest(domain, new URLSearchParams({ grant_type: 'authorization_code', client_id: clientId, code, redirect_uri: redirectUri(), code_verifier: verifier }));
}

export const refreshTokens = (domain: string, clientId: string, refreshToken: string): Promise<TokenAnswer> =>
  tokenRequest(domain, new URLSearchParams({ grant_type: 'refresh_token', client_id: clientId, refresh_token: refreshToken }));

export const logoutUrl = (domain: string, clientId: string): string =>
  `${domain}/logout?${new URLSearchParams({ client_id: clientId, logout_uri: `${location.origin}/login` })}`;
