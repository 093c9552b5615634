import { randomUUID } from 'node:crypto';
import { SignJWT, type JSONWebKeySet, type JWTPayload } from 'jose';
import { CLAIMS } from '@peixun/shared';
import type { SigningKey } from './signing-key';
import { findUser, type SeededUser } from './users';

export const DEV_CLIENT_ID = 'peixun-local-web';
export const TOKEN_LIFETIME_SECONDS = 3_600;

export class UnknownUserError extends Error {
  constructor(readonly username: string) {
    super(`没有名为 ${username} 的预置用户 / no seeded user "${username}"`);
    this.name = 'UnknownUserError';
  }
}

export interface IssuedToken {
  idToken: string;
  expiresIn: number;
}

/**
 * Stands in for the Cognito user pool: same token shape (an ID token with `cognito:groups` and
 * the `custom:` attributes), same signing algorithm, JWKS and discovery document at the usual
 * paths, so the gateway's authorizer is configured exactly like API Gateway's.
 */
export class DevIssuer {
  /** Users this run issued tokens for beyond the seeded ones (tests make up people): sub → username. */
  private readonly issued = new Map<string, string>();

  constructor(
    /** The `iss` claim; also where /.well-known/* is served. */
    readonly issuerUrl: string,
    private readonly key: SigningKey,
    readonly clientId: string = DEV_CLIENT_ID,
  ) {}

  get jwks(): JSONWebKeySet {
    return { keys: [this.key.publicJwk] };
  }

  openidConfiguration(): Record<string, unknown> {
    return {
      issuer: this.issuerUrl,
      jwks_uri: `${this.issuerUrl}/.well-known/jwks.json`,
      token_endpoint: `${this.issuerUrl}/auth/token`,
      response_types_supported: ['token'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      claims_supported: ['sub', 'name', CLAIMS.username, CLAIMS.groups, CLAIMS.institutionId, CLAIMS.areaCode],
    };
  }

  /** For tests and the token CLI: a token for a seeded user (or role name), no password needed. */
  async tokenFor(usernameOrRole: string): Promise<string> {
    const user = findUser(usernameOrRole);
    if (user === undefined) throw new UnknownUserError(usernameOrRole);
    return (await this.issue(user)).idToken;
  }

  /**
   * Whether a token's subject is one of this pool's users: a seeded user or made-up trainee login
   * (whose subs are fixed, so tokens outlive a restart), or someone this run issued a token for.
   */
  knows(payload: JWTPayload): boolean {
    const username = payload[CLAIMS.username];
    if (typeof payload.sub !== 'string' || typeof username !== 'string') return false;
    const pooled = findUser(username);
    return (pooled?.username === username && pooled.sub === payload.sub) || this.issued.get(payload.sub) === username;
  }

  async issue(user: SeededUser): Promise<IssuedToken> {
    this.issued.set(user.sub, user.username);
    const now = Math.floor(Date.now() / 1_000);
    const idToken = await new SignJWT({
      token_use: 'id',
      auth_time: now,
      name: user.name,
      [CLAIMS.username]: user.username,
      [CLAIMS.groups]: [...user.groups],
      ...(user.institutionId === undefined ? {} : { [CLAIMS.institutionId]: user.institutionId }),
      ...(user.areaCode === undefined ? {} : { [CLAIMS.areaCode]: user.areaCode }),
    })
      .setProtectedHeader({ alg: 'RS256', kid: this.key.kid })
      .setIssuer(this.issuerUrl)
      .setAudience(this.clientId)
      .setSubject(user.sub)
      .setJti(randomUUID())
      .setIssuedAt(now)
      .setExpirationTime(now + TOKEN_LIFETIME_SECONDS)
      .sign(this.key.privateKey);
    return { idToken, expiresIn: TOKEN_LIFETIME_SECONDS };
  }
}
