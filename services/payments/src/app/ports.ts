import type { PiiCipher } from '@peixun/shared';
import type { FundUseRepository } from '../adapters/fund-use-repository';
import type { PaymentsRepository } from '../adapters/payments-repository';
import type { PayingAccount } from '../domain/bank-files/payment-file';

/** Where bank files go: the write-once bucket in AWS, the S3 emulator locally. */
export interface BankFileStore {
  /** Streams the chunks into one object; writing the same key again with the same bytes is harmless. */
  put(key: string, body: AsyncIterable<string | Buffer>, contentType: string): Promise<void>;
  exists(key: string): Promise<boolean>;
  downloadUrl(key: string, fileName: string): Promise<string>;
  /** A presigned PUT for exactly `size` bytes whose SHA-256 is `sha256Hex`; the headers must be sent with it. */
  uploadUrl(key: string, size: number, sha256Hex: string): Promise<{ url: string; headers: Record<string, string>; expiresAt: Date }>;
  /** An uploaded object, streamed in and refused (`UploadTooLarge`) beyond `maxBytes`; undefined when there is none. */
  readUpload(key: string, maxBytes: number): Promise<Buffer | undefined>;
}

/** An uploaded object larger than the service takes. */
export class UploadTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(`uploaded object larger than ${maxBytes} bytes`);
    this.name = 'UploadTooLarge';
  }
}

/**
 * Fault injection for the chaos test: called between writes; throws to simulate the function
 * dying there. In production it does nothing.
 */
export type CrashPoint = (name: string) => void;
export const noCrash: CrashPoint = () => undefined;

export interface PaymentsSettings {
  /** A batch at or above this total needs a second approver. */
  readonly secondApproverThresholdFen: number;
  readonly payer: PayingAccount;
  /** 汇款用途 in bank files. */
  readonly purpose: string;
  readonly maxLinesPerBatch: number;
}

export interface PaymentsApp {
  readonly repo: PaymentsRepository;
  readonly fundUse: FundUseRepository;
  readonly cipher: PiiCipher;
  readonly settings: PaymentsSettings;
  readonly now: () => Date;
  readonly crash: CrashPoint;
}

/** What the bank-file use cases (export, result uploads) need besides the table: the bucket. */
export interface BankFilesApp extends PaymentsApp {
  readonly files: BankFileStore;
}

/** The caller as the payments use cases see it. */
export interface Actor {
  readonly sub: string;
  readonly name: string;
  readonly areaCode: string | undefined;
}
