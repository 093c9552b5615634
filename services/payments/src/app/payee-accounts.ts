import { NotFound, type Payee } from '@peixun/shared';
import { payeeRefOf } from '../domain/batch';
import { accountConflict, accountHolderMismatch, payeeUnknown } from '../domain/errors';
import { maskAccount, sameHolder, type AccountKind, type PayeeAccount } from '../domain/payee-account';
import type { PaymentsApp } from './ports';

export interface AccountRegistration {
  readonly kind: AccountKind;
  readonly holderName: string;
  readonly bankName: string;
  readonly accountNumber: string;
}

/** What anyone but the bank file sees of an account. */
export const accountView = (account: PayeeAccount) => ({
  kind: account.kind,
  holderName: account.holderName,
  bankName: account.bankName,
  accountMasked: account.accountMasked,
  version: account.version,
  updatedAt: account.updatedAt,
});

/**
 * Registers or changes a payee's account, sealed with the PII cipher and audited (the audit
 * entry holds the masked number and fingerprint, never the number). A change bumps the version:
 * lines already in an approved batch were built with the old one and block its export until the
 * batch is rebuilt.
 */
export async function registerAccount(app: PaymentsApp, payee: Payee, registration: AccountRegistration, by: string): Promise<PayeeAccount> {
  const payeeRef = payeeRefOf(payee);
  const previous = await app.repo.payeeAccount(payeeRef);
  const account: PayeeAccount = {
    payeeRef,
    kind: registration.kind,
    holderName: registration.holderName.trim(),
    bankName: registration.bankName.trim(),
    accountSealed: app.cipher.encrypt(registration.accountNumber),
    accountFingerprint: app.cipher.fingerprint(registration.accountNumber),
    accountMasked: maskAccount(registration.accountNumber),
    version: (previous?.version ?? 0) + 1,
    updatedAt: app.now().toISOString(),
    updatedBy: by,
  };
  try {
    await app.repo.savePayeeAccount(account, previous?.version);
  } catch (error) {
    // Another registration wrote between the read and this write: the version condition refused it.
    if (error instanceof Error && error.name === 'TransactionCanceledException') throw accountConflict();
    throw error;
  }
  return account;
}

/**
 * A trainee registers an account in their own name: the login must be linked to a trainee
 * record (enrollment's Trainee.AccountLinked), and the holder must be the real name on that
 * record (Trainee.Registered). Batches check the holder again against the name the claim carries.
 */
export async function registerTraineeAccount(app: PaymentsApp, sub: string, registration: AccountRegistration): Promise<PayeeAccount> {
  const trainee = await app.repo.traineeOfLogin(sub);
  if (trainee === undefined) throw payeeUnknown();
  if (trainee.name === undefined || !sameHolder(registration.holderName, trainee.name)) throw accountHolderMismatch();
  return registerAccount(app, { kind: 'TRAINEE', traineeId: trainee.traineeId }, registration, sub);
}

/** The payee's current account as `accountView` shows it; 404 until one is registered. */
export async function currentAccount(app: PaymentsApp, payee: Payee): Promise<PayeeAccount> {
  const payeeRef = payeeRefOf(payee);
  const account = await app.repo.payeeAccount(payeeRef);
  if (account === undefined) throw new NotFound('已登记的收款账户', payee.kind === 'TRAINEE' ? '本人' : '本机构');
  return account;
}

/** The signed-in trainee's account; a login not yet linked to a trainee record has none. */
export async function traineeAccount(app: PaymentsApp, sub: string): Promise<PayeeAccount> {
  const trainee = await app.repo.traineeOfLogin(sub);
  if (trainee === undefined) throw new NotFound('已登记的收款账户', '本人');
  return currentAccount(app, { kind: 'TRAINEE', traineeId: trainee.traineeId });
}
