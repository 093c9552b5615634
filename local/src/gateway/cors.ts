/**
 * CORS as the HTTP API's CORS configuration answers it: the web console runs on another origin
 * and sends a bearer token (no cookies), so any origin may call. Preflights never reach the
 * authorizer.
 */
export const CORS_HEADERS: Readonly<Record<string, string>> = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'x-correlation-id, apigw-requestid',
};

export const PREFLIGHT_HEADERS: Readonly<Record<string, string>> = {
  ...CORS_HEADERS,
  'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
  'access-control-allow-headers': 'authorization, content-type, idempotency-key, x-correlation-id',
  'access-control-max-age': '600',
};
