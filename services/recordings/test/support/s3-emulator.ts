import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { buildApp } from 'fauxqs';
import { createRecordingsS3Client } from '../../src/adapters/s3-multipart';
import { addMultipartCompat, type CompatControls } from './fauxqs-compat';

export interface TestS3 extends CompatControls {
  readonly endpoint: string;
  readonly client: S3Client;
  createBucket(name: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * fauxqs in this process, on a free port, with ListParts and URL expiry added. Any credentials
 * are accepted; path-style addressing because `<bucket>.127.0.0.1` does not resolve.
 */
export async function startTestS3(port = 0): Promise<TestS3> {
  const app = buildApp({ logger: false });
  const controls = addMultipartCompat(app);
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
    },
  };
}
