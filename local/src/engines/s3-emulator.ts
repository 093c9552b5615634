import { startFauxqs } from 'fauxqs';
import { LOOPBACK, PortInUseError } from '../net';

export interface S3Emulator {
  readonly endpoint: string;
  stop(): Promise<void>;
}

export interface S3EmulatorOptions {
  port: number;
  /** SQLite persistence directory; in memory when absent. */
  dataDir?: string;
}

const isAddressInUse = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && 'code' in error && error.code === 'EADDRINUSE';

/**
 * fauxqs (an SNS/SQS/S3 emulator) runs in this process; only its S3 side is used. The endpoint is
 * an IP address, for which the SDK already addresses buckets path-style (`<bucket>.127.0.0.1`
 * could not resolve); clients that build their own URLs should still set `forcePathStyle`.
 */
export async function startS3Emulator(options: S3EmulatorOptions): Promise<S3Emulator> {
  try {
    const server = await startFauxqs({
      port: options.port,
      logger: false,
      ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    });
    return { endpoint: `http://${LOOPBACK}:${server.port}`, stop: () => server.stop() };
  } catch (error) {
    if (isAddressInUse(error)) throw new PortInUseError(options.port, { zh: 'S3 模拟服务', en: 'S3 emulator' });
    throw error;
  }
}
