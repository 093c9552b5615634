import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createLogger, dynamoDbClient, loadPiiCipher, type PiiCipher, requireEnv, RESOURCE_ENV } from '@peixun/shared';
import { DirectClaimFactsReader } from './adapters/direct-claim-facts';
import { Ledger } from './adapters/ledger';
import { Projections } from './adapters/projections';
import { RateLimiter } from './adapters/rate-limiter';
import { ScanStore } from './adapters/scan-store';
import { WorkingCalendarStore } from './adapters/working-calendars';
import { type ClaimsConfig, loadClaimsConfig } from './config';

export interface ClaimsDependencies {
  readonly config: ClaimsConfig;
  readonly ledger: Ledger;
  readonly directClaimFacts: DirectClaimFactsReader;
  readonly calendars: WorkingCalendarStore;
  readonly projections: Projections;
  readonly rateLimiter: RateLimiter;
  readonly cipher: PiiCipher;
}

/** What the certificate routes that touch scans (declare, verify, view, list) need besides the table: the bucket. */
export interface ScanDependencies extends ClaimsDependencies {
  readonly scans: ScanStore;
}

let cached: Promise<ClaimsDependencies> | undefined;

/** Built once per cold start; every variable is checked before the first request is served. */
export function claimsDependencies(): Promise<ClaimsDependencies> {
  cached ??= (async () => {
    const tableName = requireEnv(RESOURCE_ENV.table);
    const documents = DynamoDBDocumentClient.from(dynamoDbClient(), { marshallOptions: { removeUndefinedValues: true } });
    return {
      config: loadClaimsConfig(),
      ledger: new Ledger(documents, tableName),
      directClaimFacts: new DirectClaimFactsReader(documents, tableName),
      calendars: new WorkingCalendarStore(documents, tableName),
      projections: new Projections(documents, tableName),
      rateLimiter: new RateLimiter(documents, tableName),
      cipher: await loadPiiCipher(),
    };
  })();
  return cached;
}

let cachedScans: Promise<ScanDependencies> | undefined;

/**
 * `claimsDependencies` and the bucket. Apart, so that the functions that never touch a scan
 * neither bundle nor load the S3 client (≈ 150 KB with its checksums and XML).
 */
export function scanDependencies(): Promise<ScanDependencies> {
  cachedScans ??= (async () => ({ ...(await claimsDependencies()), scans: new ScanStore(requireEnv(RESOURCE_ENV.bucket)) }))();
  return cachedScans;
}

export const logger = createLogger('claims');
