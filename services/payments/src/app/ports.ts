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
  readonly files: BankFileStore;
  readonly settings: PaymentsSettings;
  readonly now: () => Date;
  readonly crash: CrashPoint;
}

/** The caller as the payments use cases see it. */
export interface Actor {
  readonly sub: string;
  readonly name: string;
  readonly areaCode: string | undefined;
}
