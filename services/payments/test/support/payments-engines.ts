/**
 * DynamoDB Local and the S3 emulator with the payments table and bucket, for tests that drive the
 * use cases directly (the chaos test runs hundreds of runs, far too many for full runtimes).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { piiCipherFromSecret } from '@peixun/shared';
import { afterAll, beforeAll } from 'vitest';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../../../local/src/engines/dynamodb-local';
import { startS3Emulator, type S3Emulator } from '../../../../local/src/engines/s3-emulator';
import { LOCAL_AWS } from '../../../../local/src/local-aws';
import { provision } from '../../../../local/src/provision';
import { bucketName, tableName } from '../../../../local/src/resource-names';
import { FundUseRepository } from '../../src/adapters/fund-use-repository';
import { PaymentsRepository } from '../../src/adapters/payments-repository';
import { createBankFilesS3Client, S3BankFileStore } from '../../src/adapters/s3-bank-files';
import { noCrash, type CrashPoint, type BankFilesApp, type PaymentsSettings } from '../../src/app/ports';
import { paymentsManifest } from '../../src/manifest';

export const TEST_SETTINGS: PaymentsSettings = {
  secondApproverThresholdFen: 100_000_000,
  maxLinesPerBatch: 50_000,
  payer: { name: '就业补助资金专户', accountNumber: '52050100000000000001', bankName: '中国建设银行贵阳南明支行', bankCode: '105701000014' },
  purpose: '职业技能培训补贴',
};

export const TEST_CIPHER = piiCipherFromSecret('payments-test-secret-of-at-least-32-characters');

export interface PaymentsEngines {
  documents: DynamoDBDocumentClient;
  files: S3BankFileStore;
  app(options?: { crash?: CrashPoint; now?: () => Date; settings?: Partial<PaymentsSettings> }): BankFilesApp;
  /** Every item of the table, for invariants that must hold whatever the use cases believe. */
  scan(): Promise<Record<string, unknown>[]>;
}

export async function startPaymentsEngines(): Promise<{ engines: PaymentsEngines; stop: () => Promise<void> }> {
  const [dynamodb, s3]: [DynamoDbLocal, S3Emulator] = await Promise.all([startDynamoDbLocal({ port: 0 }), startS3Emulator({ port: 0 })]);
  await provision([paymentsManifest], { dynamodb: dynamodb.endpoint, s3: s3.endpoint });
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: dynamodb.endpoint, ...LOCAL_AWS, maxAttempts: 10 }), {
    marshallOptions: { removeUndefinedValues: true },
  });
  const files = new S3BankFileStore(createBankFilesS3Client({ endpoint: s3.endpoint, forcePathStyle: true, ...LOCAL_AWS }), bucketName('payments'));
  const repo = new PaymentsRepository(documents, tableName('payments'));
  const fundUse = new FundUseRepository(documents, tableName('payments'));
  const engines: PaymentsEngines = {
    documents,
    files,
    app: (options = {}) => ({
      repo,
      fundUse,
      cipher: TEST_CIPHER,
      files,
      settings: { ...TEST_SETTINGS, ...options.settings },
      now: options.now ?? (() => new Date()),
      crash: options.crash ?? noCrash,
    }),
    async scan() {
      const items: Record<string, unknown>[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await documents.send(new ScanCommand({ TableName: tableName('payments'), ExclusiveStartKey: start, ConsistentRead: true }));
        items.push(...(page.Items ?? []));
        start = page.LastEvaluatedKey;
      } while (start !== undefined);
      return items;
    },
  };
  return {
    engines,
    stop: async () => {
      documents.destroy();
      await Promise.all([dynamodb.stop(), s3.stop()]);
    },
  };
}

/** Starts the engines for the enclosing test file and stops them afterwards. */
export function usePaymentsEngines(): () => PaymentsEngines {
  let started: Awaited<ReturnType<typeof startPaymentsEngines>> | undefined;
  beforeAll(async () => {
    started = await startPaymentsEngines();
  });
  afterAll(async () => {
    await started?.stop();
  });
  return () => {
    if (started === undefined) throw new Error('usePaymentsEngines: only inside tests');
    return started.engines;
  };
}
