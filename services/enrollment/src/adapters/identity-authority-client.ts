import {
  IDENTITY_AUTHORITY_ENV,
  IDENTITY_AUTHORITY_PATH,
  identityCheckRequestSchema,
  identityCheckResponseSchema,
  numberFromEnv,
  requireEnv,
  secretFromEnv,
} from '@peixun/shared';
import type { IdentityCheck, IdentityVerdict, IdentityVerifier } from '../domain/identity-verification';

export interface IdentityAuthorityConfig {
  /** Base URL of the service, HTTPS in AWS (`https://…/api`); the protocol path is appended. */
  readonly baseUrl: string;
  readonly apiKey: string;
  /** How long one check may take, answer included, before it counts as unavailable. */
  readonly timeoutMs: number;
}

export const DEFAULT_IDENTITY_CHECK_TIMEOUT_MS = 3_000;

/** Reads the configuration once per cold start: URL and timeout from variables, the key directly or from Secrets Manager. */
export async function identityAuthorityConfigFromEnv(): Promise<IdentityAuthorityConfig> {
  return {
    baseUrl: requireEnv(IDENTITY_AUTHORITY_ENV.url),
    apiKey: await secretFromEnv(IDENTITY_AUTHORITY_ENV.apiKey, IDENTITY_AUTHORITY_ENV.apiKeySecretArn),
    timeoutMs: numberFromEnv(IDENTITY_AUTHORITY_ENV.timeoutMs, DEFAULT_IDENTITY_CHECK_TIMEOUT_MS),
  };
}

/** Why a check counted as unavailable, for the log (never the person's data). */
export type UnavailableReason = 'timeout' | 'network' | 'server-error' | 'unreadable-answer';

/** The authority refused the request itself (401, 403, 400…): the deployment is misconfigured, which must not pass for "unavailable". */
export class IdentityAuthorityRejectedRequest extends Error {
  constructor(readonly status: number) {
    super(`The identity authority rejected the request with HTTP ${status}; check its URL and API key`);
    this.name = 'IdentityAuthorityRejectedRequest';
  }
}

/**
 * The `IdentityVerifier` over the authority's HTTP protocol (`shared/src/contracts/enrollment/
 * identity-authority.ts`). Both directions are validated with zod. A timeout, a network failure,
 * a 5xx or 429, or an answer outside the protocol is `UNAVAILABLE`: the record stays unverified
 * and is checked again later; it never counts as a refusal of the person.
 */
export class IdentityAuthorityClient implements IdentityVerifier {
  constructor(
    private readonly config: IdentityAuthorityConfig,
    private readonly onUnavailable: (reason: UnavailableReason, status?: number) => void = () => {},
  ) {}

  async verify(check: IdentityCheck): Promise<IdentityVerdict> {
    const request = identityCheckRequestSchema.parse({
      idNumber: check.idNumber,
      name: check.name,
      ...(check.facePhoto === undefined ? {} : { facePhoto: Buffer.from(check.facePhoto).toString('base64') }),
    });
    const unavailable = (reason: UnavailableReason, status?: number): IdentityVerdict => {
      this.onUnavailable(reason, status);
      return { outcome: 'UNAVAILABLE' };
    };
    let answer: unknown;
    try {
      const response = await fetch(new URL(IDENTITY_AUTHORITY_PATH.slice(1), withTrailingSlash(this.config.baseUrl)), {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${this.config.apiKey}` },
        body: JSON.stringify(request),
        signal: AbortSignal.timeout(this.config.timeoutMs),
      });
      if (response.status >= 500 || response.status === 429) {
        await response.body?.cancel();
        return unavailable('server-error', response.status);
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw new IdentityAuthorityRejectedRequest(response.status);
      }
      answer = await response.json();
    } catch (error) {
      if (error instanceof IdentityAuthorityRejectedRequest) throw error;
      if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) return unavailable('timeout');
      if (error instanceof SyntaxError) return unavailable('unreadable-answer');
      return unavailable('network');
    }
    const parsed = identityCheckResponseSchema.safeParse(answer);
    if (!parsed.success) return unavailable('unreadable-answer');
    const { result, checkId, faceCompared, idPhotoOnFile } = parsed.data;
    return result === 'MATCH' ? { outcome: 'MATCH', faceCompared, idPhotoOnFile, checkId } : { outcome: result, checkId };
  }
}

const withTrailingSlash = (url: string): string => (url.endsWith('/') ? url : `${url}/`);
