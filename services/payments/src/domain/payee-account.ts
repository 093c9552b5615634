import * as z from 'zod';

/** Chinese bank account numbers: personal cards have 16–19 digits, corporate accounts up to about 30. */
export const accountNumberSchema = z.string().regex(/^\d{8,30}$/, '账号应为 8 至 30 位数字');

/**
 * The first four and the last four digits stay visible (enough to recognise one's own card, never
 * enough to use it); a short account shows its last four only, so at least half stays hidden.
 */
export function maskAccount(accountNumber: string): string {
  const head = accountNumber.length >= 12 ? accountNumber.slice(0, 4) : '';
  return `${head}${'*'.repeat(accountNumber.length - head.length - 4)}${accountNumber.slice(-4)}`;
}

/** Names are compared as people write them on a bank form: surrounding and inner blanks ignored, nothing else. */
export const normaliseName = (name: string): string => name.normalize('NFC').replace(/\s+/g, '');
export const sameHolder = (holderName: string, nameOnRecord: string): boolean => normaliseName(holderName) === normaliseName(nameOnRecord);

export const ACCOUNT_KINDS = ['SOCIAL_SECURITY_CARD', 'OWN_BANK_ACCOUNT', 'SETTLEMENT_ACCOUNT'] as const;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];

export interface PayeeAccount {
  readonly payeeRef: string;
  readonly kind: AccountKind;
  readonly holderName: string;
  readonly bankName: string;
  readonly accountSealed: string;
  readonly accountFingerprint: string;
  readonly accountMasked: string;
  /** 1 for the first registration, +1 for every change; lines remember the version they were built with. */
  readonly version: number;
  readonly updatedAt: string;
  readonly updatedBy: string;
}
