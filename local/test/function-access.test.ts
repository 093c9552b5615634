import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { tableActionsOf } from '../src/access/dynamodb-grants';
import { s3NeedOf } from '../src/access/s3-grants';
import { LOCAL_AWS } from '../src/local-aws';
import { tableName } from '../src/resource-names';
import { useLocalRuntime } from '../../test/support/runtime';
import type { ProbeRequest } from './fixtures/access/access-probe';
import { accessProbeManifest } from './fixtures/access/manifest';

const runtime = useLocalRuntime({ manifests: [accessProbeManifest] });

type Outcome = { value?: unknown; error?: string; message?: string };
const as = (fn: 'reader' | 'writer', request: ProbeRequest) => runtime().invoke('grants', fn, request) as Promise<Outcome>;

describe('local access lists: each function gets only what its manifest grants', () => {
  it('a read-only function reads the table, and its PutItem is refused with AccessDeniedException; the writer may', async () => {
    expect(await as('reader', { op: 'get', id: 'a' })).toEqual({ value: null });
    const refused = await as('reader', { op: 'put', id: 'a' });
    expect(refused.error).toBe('AccessDeniedException');
    expect(refused.message).toContain('dynamodb:PutItem');
    expect(await as('reader', { op: 'transact', id: 'a' })).toMatchObject({ error: 'AccessDeniedException' });
    expect(await as('writer', { op: 'put', id: 'a' })).toEqual({ value: 'put' });
    expect(await as('reader', { op: 'get', id: 'a' })).toEqual({ value: { pk: { S: 'a' }, sk: { S: 'x' } } });
  });

  it('the default local credentials (tests, benches, provisioning) keep full access to the engines', async () => {
    const admin = new DynamoDBClient({ ...LOCAL_AWS, endpoint: runtime().urls.dynamodb });
    await expect(admin.send(new PutItemCommand({ TableName: tableName('grants'), Item: { pk: { S: 'admin' }, sk: { S: 'x' } } }))).resolves.toBeDefined();
  });

  it('S3: writes only under the granted prefixes, reads only where granted, presigned URLs carry the signer’s rights', async () => {
    expect(await as('writer', { op: 's3put', key: 'open/one' })).toEqual({ value: 's3put' });
    expect(await as('writer', { op: 's3put', key: 'closed/one' })).toMatchObject({ error: 'AccessDenied' });
    expect(await as('reader', { op: 's3put', key: 'open/two' })).toMatchObject({ error: 'AccessDenied' });
    expect(await as('reader', { op: 's3get', key: 'open/one' })).toEqual({ value: 'probe' });

    const writerUrl = (await as('writer', { op: 'presignPut', key: 'open/presigned' })).value as string;
    expect((await fetch(writerUrl, { method: 'PUT', body: 'bytes' })).status).toBe(200);
    const readerUrl = (await as('reader', { op: 'presignPut', key: 'open/presigned-2' })).value as string;
    const refused = await fetch(readerUrl, { method: 'PUT', body: 'bytes' });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('<Code>AccessDenied</Code>');
  });

  it('secrets only where granted: each function has its own access key id, and only the writer gets the PII key', async () => {
    expect(await as('reader', { op: 'env' })).toEqual({ value: { accessKeyId: 'LOCALFNgrantsReader', piiKey: false } });
    expect(await as('writer', { op: 'env' })).toEqual({ value: { accessKeyId: 'LOCALFNgrantsWriter', piiKey: true } });
  });
});

describe('what a request needs, as IAM counts it', () => {
  it('a transaction needs each of its parts on each table; a batch its table', () => {
    expect(
      tableActionsOf('TransactWriteItems', {
        TransactItems: [{ Put: { TableName: 't' } }, { ConditionCheck: { TableName: 't' } }, { Update: { TableName: 'u' } }, { Delete: { TableName: 't' } }],
      }),
    ).toEqual([
      { action: 'PutItem', table: 't' },
      { action: 'ConditionCheckItem', table: 't' },
      { action: 'UpdateItem', table: 'u' },
      { action: 'DeleteItem', table: 't' },
    ]);
    expect(tableActionsOf('BatchGetItem', { RequestItems: { t: {}, u: {} } })).toEqual([
      { action: 'BatchGetItem', table: 't' },
      { action: 'BatchGetItem', table: 'u' },
    ]);
    expect(tableActionsOf('Query', { TableName: 't', IndexName: 'gsi1' })).toEqual([{ action: 'Query', table: 't' }]);
  });

  it('S3: multipart parts, completion and abort are writes; a delete is a delete; listing the bucket is a read', () => {
    const q = (query: string) => new URLSearchParams(query);
    expect(s3NeedOf('PUT', 'b', 'k', q('uploadId=1&partNumber=2')).access).toBe('write');
    expect(s3NeedOf('POST', 'b', 'k', q('uploads')).access).toBe('write');
    expect(s3NeedOf('DELETE', 'b', 'k', q('uploadId=1')).access).toBe('write');
    expect(s3NeedOf('DELETE', 'b', 'k', q('')).access).toBe('delete');
    expect(s3NeedOf('GET', 'b', 'k', q('uploadId=1')).access).toBe('read');
    expect(s3NeedOf('GET', 'b', '', q('list-type=2&prefix=raw/'))).toEqual({ access: 'read', bucket: 'b', key: undefined });
    expect(s3NeedOf('PUT', 'b', '', q('')).access).toBe('bucket');
  });
});
