import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from 'fauxqs';
import { addS3Access } from '../access/s3-access';
import type { LocalAccess } from '../access/function-access';
import { LOOPBACK, PortInUseError } from '../net';
import { SnsStore, SqsStore } from './fauxqs-internals';
import { addS3Compat } from './s3-compat';
import { addS3Cors } from './s3-cors';
import { DiskS3Persistence } from './s3-disk-persistence';
import { DiskS3Store } from './s3-disk-store';
import { addStreamedPartWrites } from './s3-part-writes';
import { addStreamedReads } from './s3-streamed-reads';

export interface S3Emulator {
  readonly endpoint: string;
  stop(): Promise<void>;
}

export interface S3EmulatorOptions {
  port: number;
  /** Keep buckets, objects and open uploads here across restarts; a temporary directory, removed on stop, when absent. */
  dataDir?: string;
  /** Checks requests signed with a function's key against its access list (the runtime's); none: every request passes, as before. */
  access?: LocalAccess;
}

const isAddressInUse = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && 'code' in error && error.code === 'EADDRINUSE';

/**
 * fauxqs (an SNS/SQS/S3 emulator) with its S3 state on disk in `storageDir` (s3-disk-*.ts, part
 * bodies streamed to their files by s3-part-writes.ts), the S3 behaviours it lacks added (s3-compat.ts) and
 * object reads streamed from disk (s3-streamed-reads.ts).
 * Built with `buildApp()` rather than `startFauxqs()`, because the latter binds every interface
 * (0.0.0.0) and offers no place for the hooks; `buildApp({ stores })` takes the disk-backed store.
 */
export function createS3EmulatorApp(storageDir: string, access?: LocalAccess): ReturnType<typeof buildApp> {
  const disk = new DiskS3Persistence(storageDir);
  const s3Store = new DiskS3Store(disk);
  const app = buildApp({ logger: false, stores: { s3Store, sqsStore: new SqsStore(), snsStore: new SnsStore() } });
  addS3Cors(app);
  // Before anything that answers or stores: a refused request must change nothing.
  if (access !== undefined) addS3Access(app, access);
  // Compat next: an expired URL or a refused write must be answered before a read is streamed.
  addS3Compat(app, disk);
  addStreamedPartWrites(app, disk);
  addStreamedReads(app, {
    head(bucket, key) {
      return s3Store.hasBucket(bucket) && disk.hasObject(bucket, key) ? s3Store.headObject(bucket, key) : undefined;
    },
    readRange: (bucket, key, first, last) => disk.readRange(bucket, key, first, last),
  });
  return app;
}

/**
 * The endpoint is an IP address, for which the SDK already addresses buckets path-style
 * (`<bucket>.127.0.0.1` could not resolve); clients that build their own URLs should still set
 * `forcePathStyle`.
 */
export async function startS3Emulator(options: S3EmulatorOptions): Promise<S3Emulator> {
  const storageDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'peixun-s3-')));
  const removeTemporaryDir = () => (options.dataDir === undefined ? rm(storageDir, { recursive: true, force: true }) : Promise.resolve());
  const app = createS3EmulatorApp(storageDir, options.access);
  try {
    await app.listen({ port: options.port, host: LOOPBACK });
  } catch (error) {
    await app.close();
    await removeTemporaryDir();
    if (isAddressInUse(error)) throw new PortInUseError(options.port, { zh: 'S3 模拟服务', en: 'S3 emulator' });
    throw error;
  }
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error(`S3 emulator: unexpected address ${String(address)}`);
  return {
    endpoint: `http://${LOOPBACK}:${address.port}`,
    async stop() {
      await app.close();
      await removeTemporaryDir();
    },
  };
}
