import type { IncomingHttpHeaders } from 'node:http';

/**
 * CORS as the HTTP API's CORS configuration answers it, for the console's origins only: the
 * console served by the gateway itself (same origin, no CORS needed) and the Vite dev server
 * (`npm run dev:web`, another origin). Any other page a developer visits while `npm start` runs
 * gets no CORS headers, so its browser keeps the answers (tokens, personal data) from it.
 * Preflights never reach the authorizer.
 */
const EXPOSED_HEADERS = 'x-correlation-id, apigw-requestid';

const PREFLIGHT_ONLY: Readonly<Record<string, string>> = {
  'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
  'access-control-allow-headers': 'authorization, content-type, idempotency-key, x-correlation-id',
  'access-control-max-age': '600',
};

/** The Vite dev server's origin (`web/vite.config.ts`), unless `PEIXUN_CONSOLE_DEV_ORIGIN` names another. */
export const DEFAULT_CONSOLE_DEV_ORIGIN = 'http://127.0.0.1:5173';

export interface CorsPolicy {
  /** Headers for an answer to a request from `origin` (none when the origin is not the console's). */
  headersFor(headers: IncomingHttpHeaders): Record<string, string>;
  preflightHeadersFor(headers: IncomingHttpHeaders): Record<string, string>;
}

export function corsPolicy(allowedOrigins: readonly string[]): CorsPolicy {
  const allowed = new Set(allowedOrigins.map((origin) => new URL(origin).origin));
  const headersFor = (headers: IncomingHttpHeaders): Record<string, string> => {
    const origin = headers.origin;
    // Vary: the answer differs by origin, so a cache must not hand one origin's answer to another.
    if (origin === undefined || !allowed.has(origin)) return { vary: 'origin' };
    return { 'access-control-allow-origin': origin, 'access-control-expose-headers': EXPOSED_HEADERS, vary: 'origin' };
  };
  return {
    headersFor,
    preflightHeadersFor: (headers) => {
      const answer = headersFor(headers);
      return 'access-control-allow-origin' in answer ? { ...answer, ...PREFLIGHT_ONLY } : answer;
    },
  };
}
