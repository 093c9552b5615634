import { numberFromEnv, requireEnv, RESOURCE_ENV } from '@peixun/shared';
import { createBankFilesS3Client, S3BankFileStore } from './adapters/s3-bank-files';
import type { BankFilesApp } from './app/ports';
import { PAYMENTS_ENV } from './config';
import { paymentsApp } from './dependencies';

let cached: Promise<BankFilesApp> | undefined;

/**
 * The bank-file functions' app: `paymentsApp` and the bucket. Kept apart so that the service's
 * other functions neither bundle nor load the S3 client (≈ 150 KB with its checksums and XML).
 */
export function bankFilesApp(): Promise<BankFilesApp> {
  cached ??= (async () => ({
    ...(await paymentsApp()),
    files: new S3BankFileStore(createBankFilesS3Client(), requireEnv(RESOURCE_ENV.bucket), numberFromEnv(PAYMENTS_ENV.downloadUrlTtlSeconds, 900)),
  }))();
  return cached;
}
