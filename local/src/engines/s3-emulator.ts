import { buildApp } from 'fauxqs';
import { LOOPBACK, PortInUseError } from '../net';
import { addS3Compat } from './s3-compat';

export interface S3Emulator {
  readonly endpoint: string;
  stop(): Promise<void>;
}

export interface S3EmulatorOptions {
  port: number;
}

const isAddressInUse = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && 'code' in error && error.code === 'EADDRINUSE';

/**
 * fauxqs (an SNS/SQS/S3 emulator) with the S3 behaviours it lacks added (s3-compat.ts). Built with
 * `buildApp()` rather than `startFauxqs()`, because the latter binds every interface (0.0.0.0) and
 * offers no place for the hooks; the price is that objects live in memory only (fauxqs's SQLite
 * persistence is reachable only through `startFauxqs`).
 */
export function createS3EmulatorApp(): ReturnType<typeof buildApp> {
  const app = buildApp({ logger: false });
  addS3Compat(app);
  return app;
}

/**
 * The endpoint is an IP address, for which the SDK already addresses buckets path-style
 * (`<bucket>.127.0.0.1` could not resolve); clients that build their own URLs should still set
 * `forcePathStyle`.
 */
export async function startS3Emulator(options: S3EmulatorOptions): Promise<S3Emulator> {
  const app = createS3EmulatorApp();
  try {
    await app.listen({ port: options.port, host: LOOPBACK });
  } catch (error) {
    await app.close();
    if (isAddressInUse(error)) throw new PortInUseError(options.port, { zh: 'S3 模拟服务', en: 'S3 emulator' });
    throw error;
  }
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error(`S3 emulator: unexpected address ${String(address)}`);
  return { endpoint: `http://${LOOPBACK}:${address.port}`, stop: () => app.close() };
}
