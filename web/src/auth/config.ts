import { configSchema, type ConsoleConfig } from './config-schema';

export { loginOf, type ConsoleConfig, type Pool, type PoolLogin } from './config-schema';

/** `/console-config.json` once per page load (`config-schema.ts` says what it holds). */
let loaded: Promise<ConsoleConfig> | undefined;

async function fetchConfig(): Promise<ConsoleConfig> {
  const fallback: ConsoleConfig = { apiBase: import.meta.env.VITE_API_BASE ?? '', auth: { kind: 'dev' } };
  const response = await fetch('/console-config.json', { headers: { accept: 'application/json' } }).catch(() => undefined);
  if (response === undefined || !response.ok || !(response.headers.get('content-type') ?? '').includes('json')) return fallback;
  return configSchema.parse(await response.json());
}

export const consoleConfig = (): Promise<ConsoleConfig> => (loaded ??= fetchConfig());
