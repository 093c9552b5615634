import { z } from 'zod';

/**
 * How this deployment signs people in. In AWS the stack writes `/console-config.json` next to the
 * console (Cognito managed login: its domain and app client); the local runtime has no such file,
 * so the console uses the dev issuer's username/password sign-in at the API's origin.
 */
const configSchema = z.object({
  apiBase: z.string().default(''),
  auth: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('dev') }),
    z.object({ kind: z.literal('cognito'), domain: z.url(), clientId: z.string().min(1), scopes: z.array(z.string()).default(['openid', 'profile']) }),
  ]),
});
export type ConsoleConfig = z.infer<typeof configSchema>;

let loaded: Promise<ConsoleConfig> | undefined;

async function fetchConfig(): Promise<ConsoleConfig> {
  const fallback: ConsoleConfig = { apiBase: import.meta.env.VITE_API_BASE ?? '', auth: { kind: 'dev' } };
  const response = await fetch('/console-config.json', { headers: { accept: 'application/json' } }).catch(() => undefined);
  if (response === undefined || !response.ok || !(response.headers.get('content-type') ?? '').includes('json')) return fallback;
  return configSchema.parse(await response.json());
}

export const consoleConfig = (): Promise<ConsoleConfig> => (loaded ??= fetchConfig());
