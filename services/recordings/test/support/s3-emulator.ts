import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { createS3EmulatorApp } from '../../../../local/src/engines/s3-emulator';
import { createRecordingsS3Client } from '../../src/adapters/s3-multipart';
import { addFaultInjection, type CompatControls } from './fault-injection';

export interface TestS3 extends CompatControls {
  readonly endpoint: string;
  readonly client: S3Client;
  createBucket(name: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The local runtime's S3 (fauxqs with ListParts, URL expiry, conditional writes and Object Lock)
 * in this process, on a free port, storing in a temporary directory, with fault injection for the
 * uploader tests. Any credentials are accepted; path-style addressing because `<bucket>.127.0.0.1`
 * does not resolve.
 */
export async function startTestS3(port = 0): Promise<TestS3> {
  const storageDir = await mkdtemp(join(tmpdir(), 'peixun-test-s3-'));
  const app = createS3EmulatorApp(storageDir);
  const controls = addFaultInjection(app);
  const address = await app.listen({ port, host: '127.0.0.1' });
  const client = createRecordingsS3Client({
    endpoint: address,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  return {
    ...controls,
    endpoint: address,
    client,
    async createBucket(name) {
      await client.send(new CreateBucketCommand({ Bucket: name }));
    },
    async stop() {
      controls.release();
      client.destroy();
      await app.close();
      await rm(storageDir, { recursive: true, force: true });
    },
  };
}
