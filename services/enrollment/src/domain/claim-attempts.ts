import { DomainError } from '@peixun/shared';

/**
 * Brute-force limits on the routes that answer whether a guess about a person was right:
 * - claiming a record (学员账号绑定): staff see phones as `138****6236`, so four digits are all a
 *   stranger with a name and an ID number must guess;
 * - self-registration (`POST /trainees` by a trainee login): a refused real-name check says the
 *   name does not belong to the number, and `TRAINEE_ALREADY_REGISTERED` says the number is
 *   registered here.
 * Failures are counted per login, per ID number (its fingerprint, never the number) and per
 * source address, one budget for both routes; the fifth within an hour locks that subject out of
 * both for an hour and is recorded as an anomaly naming the route that reached the limit.
 */
export const CLAIM_LIMITS = { failures: 5, windowSeconds: 3600, lockoutSeconds: 3600 } as const;

export type ClaimSubjectScope = 'LOGIN' | 'ID_NUMBER' | 'SOURCE';

/** The guessable route a failure was counted on; its lock-out anomaly is named after it. */
export type GuessableRoute = 'CLAIM' | 'REGISTRATION';

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

export class TraineeRegistrationLockedOut extends DomainError {
  constructor(scopes: readonly ClaimSubjectScope[] = []) {
    super({
      code: 'TRAINEE_REGISTRATION_LOCKED_OUT',
      status: 429,
      title: '登记失败次数过多',
      detail: '一小时内实名登记或核验失败次数过多，已暂停办理。请一小时后再试，或携带身份证到培训机构办理登记。',
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
