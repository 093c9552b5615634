import { createLocalJWKSet, errors, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';

export interface JwtAuthorizerConfig {
  issuer: string;
  audience: string;
  jwks: JSONWebKeySet;
  /**
   * Locally the user pool is the dev issuer's: a token, however well signed, for a user it does not
   * know is refused, as Cognito's tokens exist only for its users.
   */
  isKnownUser?: (payload: JWTPayload) => boolean;
}

export type AuthorizerResult =
  | { authorized: true; claims: Record<string, string>; scopes: string[] | null }
  | { authorized: false; wwwAuthenticate: string };

/**
 * API Gateway hands claims to the function as strings: numbers and booleans printed, arrays in
 * Go's `[a b]` form (so `cognito:groups` arrives as "[reviewer admin]"), objects as `map[k:v]`.
 */
export function flattenClaim(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(flattenClaim).join(' ')}]`;
  if (typeof value === 'object' && value !== null) {
    return `map[${Object.entries(value).map(([key, inner]) => `${key}:${flattenClaim(inner)}`).join(' ')}]`;
  }
  return String(value);
}

const flattenClaims = (payload: JWTPayload): Record<string, string> =>
  Object.fromEntries(Object.entries(payload).map(([name, value]) => [name, flattenClaim(value)]));

/** Tokens whose signature and fixed claims were verified; a client sends the same token for an hour. */
const VERIFIED_TOKENS_KEPT = 10_000;

/** jose's time checks (clock tolerance 0): `exp` at or before now has expired, `nbf` after now is not yet valid. */
function timeRefusal(payload: JWTPayload, nowSeconds: number): 'expired' | 'invalid' | undefined {
  if (typeof payload.exp === 'number' && payload.exp <= nowSeconds) return 'expired';
  if (typeof payload.nbf === 'number' && payload.nbf > nowSeconds) return 'invalid';
  return undefined;
}

const refusal = (reason: 'expired' | 'invalid'): AuthorizerResult => ({
  authorized: false,
  wwwAuthenticate: `Bearer error="invalid_token" error_description="${reason === 'expired' ? 'the token has expired' : 'the token is invalid'}"`,
});

/**
 * The HTTP API JWT authorizer: a bearer token signed by a key in the issuer's JWKS, with the
 * configured issuer and audience, an `exp` (API Gateway refuses a token without one) that has not
 * passed, and a `sub`. It proves identity only; roles are the handler's job.
 *
 * What a token's bytes decide (signature, issuer, audience, algorithm, required claims) is checked
 * once per token and kept (the RSA verification was the gateway's largest cost per request); what
 * time or the user pool decides (`exp`, `nbf`, a user still known) is checked on every request.
 */
export function createJwtAuthorizer(config: JwtAuthorizerConfig): (authorization: string | undefined) => Promise<AuthorizerResult> {
  const keys = createLocalJWKSet(config.jwks);
  const verified = new Map<string, { payload: JWTPayload; result: AuthorizerResult }>();
  const answer = (payload: JWTPayload, result: AuthorizerResult): AuthorizerResult => {
    const late = timeRefusal(payload, Math.floor(Date.now() / 1000));
    if (late !== undefined) return refusal(late);
    if (config.isKnownUser !== undefined && !config.isKnownUser(payload)) return refusal('invalid');
    return result;
  };
  return async (authorization) => {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (token === undefined) return { authorized: false, wwwAuthenticate: 'Bearer' };
    const kept = verified.get(token);
    if (kept !== undefined) return answer(kept.payload, kept.result);
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: config.issuer,
        audience: config.audience,
        algorithms: ['RS256'],
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (error) {
      return refusal(error instanceof errors.JWTExpired ? 'expired' : 'invalid');
    }
    const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : null;
    // Frozen: every request of the token is handed the same claims.
    const result: AuthorizerResult = { authorized: true, claims: Object.freeze(flattenClaims(payload)), scopes: scopes === null ? null : Object.freeze(scopes) as string[] };
    // The oldest entry makes room: a Map iterates in insertion order.
    if (verified.size >= VERIFIED_TOKENS_KEPT) verified.delete(verified.keys().next().value as string);
    verified.set(token, { payload, result });
    return answer(payload, result);
  };
}
