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

/**
 * The HTTP API JWT authorizer: a bearer token signed by a key in the issuer's JWKS, with the
 * configured issuer and audience, an `exp` (API Gateway refuses a token without one) that has not
 * passed, and a `sub`. It proves identity only; roles are the handler's job.
 */
export function createJwtAuthorizer(config: JwtAuthorizerConfig): (authorization: string | undefined) => Promise<AuthorizerResult> {
  const keys = createLocalJWKSet(config.jwks);
  return async (authorization) => {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (token === undefined) return { authorized: false, wwwAuthenticate: 'Bearer' };
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer: config.issuer,
        audience: config.audience,
        algorithms: ['RS256'],
        requiredClaims: ['exp', 'sub'],
      });
      if (config.isKnownUser !== undefined && !config.isKnownUser(payload)) {
        return { authorized: false, wwwAuthenticate: 'Bearer error="invalid_token" error_description="the token is invalid"' };
      }
      const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : null;
      return { authorized: true, claims: flattenClaims(payload), scopes };
    } catch (error) {
      const description = error instanceof errors.JWTExpired ? 'the token has expired' : 'the token is invalid';
      return { authorized: false, wwwAuthenticate: `Bearer error="invalid_token" error_description="${description}"` };
    }
  };
}
