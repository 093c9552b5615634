import { z } from 'zod';

/**
 * How this deployment signs people in. In AWS the stack writes `/console-config.json` next to the
 * console (Cognito managed login: its domain and app client for staff, and under `trainee` the
 * trainee pool's, with the API that accepts trainee tokens — MFA is set per pool, so trainees have
 * their own); the local runtime has no such file, so the console uses the dev issuer's
 * username/password sign-in at the API's origin.
 */
export const configSchema = z.object({
  apiBase: z.string().default(''),
  auth: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('dev') }),
    z.object({
      kind: z.literal('cognito'),
      domain: z.url(),
      clientId: z.string().min(1),
      scopes: z.array(z.string()).default(['openid', 'profile']),
      trainee: z.object({ domain: z.url(), clientId: z.string().min(1), apiBase: z.string() }).optional(),
    }),
  ]),
});
export type ConsoleConfig = z.infer<typeof configSchema>;

/** Which user pool a person signed in to: staff (MFA required) or trainees (MFA optional). */
export type Pool = 'staff' | 'trainee';

/** A pool's managed login and the API its tokens are for. */
export interface PoolLogin {
  readonly domain: string;
  readonly clientId: string;
  readonly scopes: readonly string[];
  readonly apiBase: string;
}

/** Undefined with the dev issuer (one login for everyone). A deployment without a trainee pool signs trainees in as staff. */
export function loginOf(config: ConsoleConfig, pool: Pool): PoolLogin | undefined {
  if (config.auth.kind !== 'cognito') return undefined;
  const staff = { domain: config.auth.domain, clientId: config.auth.clientId, scopes: config.auth.scopes, apiBase: config.apiBase };
  return pool === 'trainee' && config.auth.trainee !== undefined ? { ...staff, ...config.auth.trainee } : staff;
}
