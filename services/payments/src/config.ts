import { numberFromEnv } from '@peixun/shared';
import type { PaymentsSettings } from './app/ports';

/** Deployment settings of the payments service; each has a default and may be overridden. */
export const PAYMENTS_ENV = {
  secondApproverThresholdFen: 'PAYMENT_SECOND_APPROVER_THRESHOLD_FEN',
  maxLinesPerBatch: 'PAYMENT_MAX_LINES_PER_BATCH',
  payerName: 'PAYMENT_PAYER_NAME',
  payerAccount: 'PAYMENT_PAYER_ACCOUNT',
  payerBankName: 'PAYMENT_PAYER_BANK_NAME',
  payerBankCode: 'PAYMENT_PAYER_BANK_CODE',
  downloadUrlTtlSeconds: 'PAYMENT_DOWNLOAD_URL_TTL_SECONDS',
} as const;

/** ¥1,000,000: at or above it a batch needs a second approver. */
export const DEFAULT_SECOND_APPROVER_THRESHOLD_FEN = 100_000_000;
export const DEFAULT_MAX_LINES_PER_BATCH = 50_000;

const text = (name: string, fallback: string): string => {
  const value = process.env[name];
  return value === undefined || value === '' ? fallback : value;
};

export function loadPaymentsSettings(): PaymentsSettings {
  return {
    secondApproverThresholdFen: numberFromEnv(PAYMENTS_ENV.secondApproverThresholdFen, DEFAULT_SECOND_APPROVER_THRESHOLD_FEN),
    maxLinesPerBatch: numberFromEnv(PAYMENTS_ENV.maxLinesPerBatch, DEFAULT_MAX_LINES_PER_BATCH),
    payer: {
      name: text(PAYMENTS_ENV.payerName, '就业补助资金专户'),
      accountNumber: text(PAYMENTS_ENV.payerAccount, '52050100000000000001'),
      bankName: text(PAYMENTS_ENV.payerBankName, '中国建设银行贵阳南明支行'),
      bankCode: text(PAYMENTS_ENV.payerBankCode, '105701000014'),
    },
    purpose: '职业技能培训补贴',
  };
}
