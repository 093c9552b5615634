import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type AttributeDefinition,
  type GlobalSecondaryIndex,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, HeadBucketCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { TTL_ATTRIBUTE, type BucketSpec, type ServiceManifest, type TableSpec } from '@peixun/shared';
import { LOCAL_AWS } from './local-aws';
import { bucketName, tableName } from './resource-names';

export interface ProvisionEndpoints {
  dynamodb: string;
  s3: string;
}

export interface ProvisionedResources {
  tables: string[];
  buckets: string[];
}

const stringKey = (name: string): AttributeDefinition => ({ AttributeName: name, AttributeType: 'S' });

/** The manifest's single-table convention (see TableSpec): `gsiN` is keyed by `gsiNpk`/`gsiNsk`. */
function indexDefinition(index: string): GlobalSecondaryIndex {
  return {
    IndexName: index,
    KeySchema: [
      { AttributeName: `${index}pk`, KeyType: 'HASH' },
      { AttributeName: `${index}sk`, KeyType: 'RANGE' },
    ],
    Projection: { ProjectionType: 'ALL' },
  };
}

async function describeTable(client: DynamoDBClient, name: string): Promise<TableDescription | undefined> {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: name }))).Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

/** The outbox relay reads new items only, as the CDK table's stream does. */
const OUTBOX_STREAM = { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' } as const;

/**
 * Creates the table, or on a restart with kept data adds the indexes a manifest gained since;
 * either way TTL ends up enabled. Removing an index is left to the developer (data loss).
 */
async function ensureTable(client: DynamoDBClient, name: string, spec: TableSpec): Promise<void> {
  const existing = await describeTable(client, name);
  if (existing === undefined) {
    await client.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [stringKey('pk'), stringKey('sk'), ...spec.indexes.flatMap((i) => [stringKey(`${i}pk`), stringKey(`${i}sk`)])],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        ...(spec.indexes.length > 0 ? { GlobalSecondaryIndexes: spec.indexes.map(indexDefinition) } : {}),
        ...(spec.outbox === undefined ? {} : { StreamSpecification: OUTBOX_STREAM }),
      }),
    );
  } else {
    if (spec.outbox !== undefined && existing.StreamSpecification?.StreamEnabled !== true) {
      await client.send(new UpdateTableCommand({ TableName: name, StreamSpecification: OUTBOX_STREAM }));
    }
    const present = new Set((existing.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
    for (const index of spec.indexes.filter((i) => !present.has(i))) {
      await client.send(
        new UpdateTableCommand({
          TableName: name,
          AttributeDefinitions: [stringKey(`${index}pk`), stringKey(`${index}sk`)],
          GlobalSecondaryIndexUpdates: [{ Create: indexDefinition(index) }],
        }),
      );
    }
  }
  const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: name }));
  if (ttl.TimeToLiveDescription?.TimeToLiveStatus !== 'ENABLED') {
    await client.send(
      new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true } }),
    );
  }
}

/** Object Lock can only be chosen when a bucket is created, in S3 and in the emulator alike. */
async function ensureBucket(client: S3Client, name: string, spec: BucketSpec): Promise<void> {
  try {
    await client.send(new HeadBucketCommand({ Bucket: name }));
  } catch (error) {
    if (!(error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404)) throw error;
    await client.send(new CreateBucketCommand({ Bucket: name, ...(spec.objectLock === undefined ? {} : { ObjectLockEnabledForBucket: true }) }));
  }
}

/** What infra creates in AWS, created from the same manifests; safe to run on every start. */
export async function provision(manifests: readonly ServiceManifest[], endpoints: ProvisionEndpoints): Promise<ProvisionedResources> {
  const dynamodb = new DynamoDBClient({ ...LOCAL_AWS, endpoint: endpoints.dynamodb });
  const s3 = new S3Client({ ...LOCAL_AWS, endpoint: endpoints.s3, forcePathStyle: true });
  try {
    const tables: string[] = [];
    const buckets: string[] = [];
    await Promise.all(
      manifests.map(async (manifest) => {
        if (manifest.resources.table !== undefined) {
          await ensureTable(dynamodb, tableName(manifest.name), manifest.resources.table);
          tables.push(tableName(manifest.name));
        }
        if (manifest.resources.bucket !== undefined) {
          await ensureBucket(s3, bucketName(manifest.name), manifest.resources.bucket);
          buckets.push(bucketName(manifest.name));
        }
      }),
    );
    return { tables: tables.sort(), buckets: buckets.sort() };
  } finally {
    dynamodb.destroy();
    s3.destroy();
  }
}
