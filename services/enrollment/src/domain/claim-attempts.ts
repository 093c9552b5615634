import { DomainError } from '@peixun/shared';

/**
 * Brute-force limits on claiming a record (学员账号绑定): staff see phones as `138****6236`, so
 * four digits are all a stranger with a name and an ID number must guess. Failures are counted
 * per login, per ID number (its fingerprint, never the number) and per source address; the fifth
 * within an hour locks that subject out for an hour and is recorded as an anomaly.
 */
export const CLAIM_LIMITS = { failures: 5, windowSeconds: 3600, lockoutSeconds: 3600 } as const;

export type ClaimSubjectScope = 'LOGIN' | 'ID_NUMBER' | 'SOURCE';

export interface ClaimSubject {
  readonly scope: ClaimSubjectScope;
  /** A login's `sub`, an ID number's fingerprint, or a source address. */
  readonly id: string;
}

export class TraineeClaimLockedOut extends DomainError {
  constructor(scopes: readonly ClaimSubjectScope[] = []) {
    super({
      code: 'TRAINEE_CLAIM_LOCKED_OUT',
      status: 429,
      title: '核验失败次数过多',
      detail: '一小时内核验失败次数过多，已暂停绑定。请一小时后再试，或联系为您登记的培训机构核对信息。',
      context: { scopes },
    });
  }
}

/** The subjects whose failures a claim counts against; a request without a source address counts against the rest. */
export function claimSubjects(loginSub: string, idNumberFingerprint: string, sourceIp: string | undefined): ClaimSubject[] {
  return [
    { scope: 'LOGIN', id: loginSub },
    { scope: 'ID_NUMBER', id: idNumberFingerprint },
    ...(sourceIp === undefined || sourceIp === '' ? [] : [{ scope: 'SOURCE' as const, id: sourceIp }]),
  ];
}
