import { DEFAULT_DATA_DIR } from './data-dir';
import { DEFAULT_CONSOLE_DEV_ORIGIN } from './gateway/cors';
import type { RuntimePorts } from './runtime';

/** Fixed ports for `npm start` (tests use ephemeral ones), each overridable by an environment variable. */
export const PORT_VARIABLES: Readonly<Record<keyof RuntimePorts, { variable: string; fallback: number }>> = {
  api: { variable: 'PEIXUN_API_PORT', fallback: 3000 },
  dynamodb: { variable: 'PEIXUN_DYNAMODB_PORT', fallback: 8000 },
  s3: { variable: 'PEIXUN_S3_PORT', fallback: 4566 },
  events: { variable: 'PEIXUN_EVENTS_PORT', fallback: 4010 },
};

function portFromEnv(variable: string, fallback: number): number {
  const raw = process.env[variable];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`${variable}="${raw}" 不是有效的端口号 / is not a valid port`);
  return port;
}

export function portsFromEnv(): RuntimePorts {
  return {
    api: portFromEnv(PORT_VARIABLES.api.variable, PORT_VARIABLES.api.fallback),
    dynamodb: portFromEnv(PORT_VARIABLES.dynamodb.variable, PORT_VARIABLES.dynamodb.fallback),
    s3: portFromEnv(PORT_VARIABLES.s3.variable, PORT_VARIABLES.s3.fallback),
    events: portFromEnv(PORT_VARIABLES.events.variable, PORT_VARIABLES.events.fallback),
  };
}

export const dataDirFromEnv = (): string => process.env.PEIXUN_DATA_DIR || DEFAULT_DATA_DIR;

/** Where the token CLI finds a running `npm start`. */
export const apiUrlFromEnv = (): string => process.env.PEIXUN_API_URL || `http://127.0.0.1:${portsFromEnv().api}`;

/** The Vite dev server's origin (`npm run dev:web`), the one other origin allowed to call the API. */
export const consoleDevOriginFromEnv = (): string => process.env.PEIXUN_CONSOLE_DEV_ORIGIN || DEFAULT_CONSOLE_DEV_ORIGIN;
