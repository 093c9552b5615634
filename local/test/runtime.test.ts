import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand, DescribeTimeToLiveCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { HeadBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestRuntime } from '../../test/support/runtime';
import { LOCAL_AWS } from '../src/local-aws';
import { reservePort } from '../src/net';
import { provision } from '../src/provision';
import { probeManifest } from './fixtures/manifest';

const dataDir = mkdtempSync(join(tmpdir(), 'peixun-local-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('runtime with a data directory', () => {
  it('provisions tables and buckets from the manifest, and keeps data, keys and tokens across restarts', async () => {
    // The issuer URL is the API URL, so the API port must stay the same for old tokens to stay valid.
    const ports = { api: await reservePort(0, { zh: '测试 API', en: 'test API' }) };
    const first = await startTestRuntime({ manifests: [probeManifest], dataDir, ports });
    let token: string;
    try {
      const dynamodb = new DynamoDBClient({ ...LOCAL_AWS, endpoint: first.urls.dynamodb });
      const s3 = new S3Client({ ...LOCAL_AWS, endpoint: first.urls.s3, forcePathStyle: true });
      const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: 'peixun-probe' }));
      expect(Table?.KeySchema).toEqual([
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ]);
      expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
      expect(Table?.GlobalSecondaryIndexes?.map((index) => [index.IndexName, index.KeySchema?.map((key) => key.AttributeName)])).toEqual([
        ['gsi1', ['gsi1pk', 'gsi1sk']],
        ['gsi2', ['gsi2pk', 'gsi2sk']],
      ]);
      const ttl = await dynamodb.send(new DescribeTimeToLiveCommand({ TableName: 'peixun-probe' }));
      expect(ttl.TimeToLiveDescription).toMatchObject({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' });
      await s3.send(new HeadBucketCommand({ Bucket: 'peixun-probe-local' }));
      await s3.send(new PutObjectCommand({ Bucket: 'peixun-probe-local', Key: 'faces/t1.jpg', Body: Buffer.from('a face') }));
      // Issue 13: every listener answers on loopback only, never on the machine's other addresses.
      for (const url of Object.values(first.urls)) {
        expect(new URL(url).hostname).toBe('127.0.0.1');
        if (otherAddress !== undefined) expect(await connects(otherAddress, Number(new URL(url).port)), url).toBe(false);
      }
      await dynamodb.send(new PutItemCommand({ TableName: 'peixun-probe', Item: { pk: { S: 'k' }, sk: { S: 'k' } } }));
      // Provisioning again (every start does) changes nothing.
      await expect(provision([probeManifest], { dynamodb: first.urls.dynamodb, s3: first.urls.s3 })).resolves.toEqual(first.provisioned);
      dynamodb.destroy();
      s3.destroy();
      token = await first.issuer.tokenFor('admin');
    } finally {
      await first.stop();
    }

    const second = await startTestRuntime({ manifests: [probeManifest], dataDir, ports });
    try {
      const dynamodb = new DynamoDBClient({ ...LOCAL_AWS, endpoint: second.urls.dynamodb });
      const { Item } = await dynamodb.send(new GetItemCommand({ TableName: 'peixun-probe', Key: { pk: { S: 'k' }, sk: { S: 'k' } } }));
      expect(Item).toBeDefined();
      dynamodb.destroy();
      // The signing key was kept, so a token from before the restart still passes the authorizer.
      const response = await second.request('POST', '/probe/again/echo', { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(200);
    } finally {
      await second.stop();
    }
    // Issue 13: photos, tables and keys on disk are the owner's only.
    expect(modeOf(dataDir)).toBe(0o700);
    const exposed = filesUnder(dataDir).filter((file) => (modeOf(file) & 0o077) !== 0 && !file.startsWith(join(dataDir, 'dynamodb')));
    expect(exposed).toEqual([]);
    expect(filesUnder(join(dataDir, 's3')).length).toBeGreaterThan(0);
    expect(modeOf(join(dataDir, 'secrets', 'pii-key'))).toBe(0o600);
    expect(modeOf(join(dataDir, 'dynamodb'))).toBe(0o700);
  }, 120_000);
});

const modeOf = (path: string): number => statSync(path).mode & 0o777;
const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]));

/** An address of this machine other than loopback, if it has one, to knock on. */
const otherAddress = Object.values(networkInterfaces())
  .flat()
  .find((address) => address !== undefined && address.family === 'IPv4' && !address.internal)?.address;

function connects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2_000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}
