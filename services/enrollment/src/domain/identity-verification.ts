import { DomainError, type VerificationStatus } from '@peixun/shared';

/**
 * Real-name verification (实名核验): the provincial authority confirms that an ID number exists,
 * that the name is its holder's and, when a face is sent, that the face is the ID photo's.
 *
 * `IdentityVerifier` is the port; `adapters/identity-authority-client.ts` speaks the authority's
 * HTTP protocol (the local runtime runs a simulated authority behind the same protocol).
 */
export interface IdentityCheck {
  readonly idNumber: string;
  readonly name: string;
  /** Raw image bytes of a live photo, compared with the ID photo. */
  readonly facePhoto?: Uint8Array;
}

export type IdentityVerdict =
  | {
      readonly outcome: 'MATCH';
      /** A face was sent and compared with the ID photo. */
      readonly faceCompared: boolean;
      /** The authority holds an ID photo, so a face could be compared. */
      readonly idPhotoOnFile: boolean;
      readonly checkId: string;
    }
  | { readonly outcome: 'NAME_MISMATCH' | 'NOT_FOUND' | 'FACE_MISMATCH'; readonly checkId: string }
  /** Timed out, refused, answered 5xx or something unreadable: nothing is known about the person. */
  | { readonly outcome: 'UNAVAILABLE' };

export type IdentityOutcome = IdentityVerdict['outcome'];

export interface IdentityVerifier {
  verify(check: IdentityCheck): Promise<IdentityVerdict>;
}

/**
 * Who vouches for the person besides the authority, which decides what the check must prove:
 * - `staff`: institution staff or an administrator registered the person, having seen the ID card
 *   (Art. 27 makes the institution answer for it): ID number and name suffice;
 * - `self`: anyone can open a trainee login and type a stranger's number and name, so only a
 *   face matching the ID photo proves it is the person. Where the authority holds no ID photo it
 *   cannot know better, and ID number and name are all anyone can prove.
 */
export type Registrant = 'staff' | 'self';

export type VerificationDecision =
  | { readonly status: Extract<VerificationStatus, 'VERIFIED'>; readonly method: 'ID_AND_NAME' | 'ID_NAME_AND_FACE' }
  | { readonly status: Extract<VerificationStatus, 'UNVERIFIED'>; readonly why: 'AUTHORITY_UNAVAILABLE' | 'FACE_NOT_PROVEN' };

/** The authority said the person is not who the request says: nothing is stored. */
export class TraineeIdentityNotVerified extends DomainError {
  constructor(outcome: Exclude<IdentityOutcome, 'MATCH' | 'UNAVAILABLE'>) {
    super({
      code: 'TRAINEE_IDENTITY_NOT_VERIFIED',
      status: 422,
      title: '实名核验未通过',
      detail: NOT_VERIFIED_DETAIL[outcome],
      context: { outcome },
    });
  }
}

const NOT_VERIFIED_DETAIL: Record<Exclude<IdentityOutcome, 'MATCH' | 'UNAVAILABLE'>, string> = {
  // One wording for an unknown number and a wrong name: the answer must not tell which numbers exist.
  NAME_MISMATCH: '身份证号码与姓名未通过公安实名核验，请核对后重新填写。',
  NOT_FOUND: '身份证号码与姓名未通过公安实名核验，请核对后重新填写。',
  FACE_MISMATCH: '人脸照片与身份证照片不是同一人，未通过实名核验。请本人重新拍照后再试。',
};

/** How the authority's answer decides a record's status, or refuses the registration. */
export function decideVerification(registrant: Registrant, verdict: IdentityVerdict): VerificationDecision {
  switch (verdict.outcome) {
    case 'UNAVAILABLE':
      return { status: 'UNVERIFIED', why: 'AUTHORITY_UNAVAILABLE' };
    case 'NAME_MISMATCH':
    case 'NOT_FOUND':
    case 'FACE_MISMATCH':
      throw new TraineeIdentityNotVerified(verdict.outcome);
    case 'MATCH':
      if (verdict.faceCompared) return { status: 'VERIFIED', method: 'ID_NAME_AND_FACE' };
      if (registrant === 'staff' || !verdict.idPhotoOnFile) return { status: 'VERIFIED', method: 'ID_AND_NAME' };
      return { status: 'UNVERIFIED', why: 'FACE_NOT_PROVEN' };
  }
}

/** Who the ID-number sentinel leads to, and whether that record was verified. */
export interface IdNumberHolder {
  readonly traineeId: string;
  readonly verified: boolean;
}

/**
 * An unverified record never blocks a verified registration of the same ID number: the verified
 * person takes the number and the other record is frozen. Anything else keeps the holder.
 */
export function mayTakeOver(newStatus: VerificationStatus, holder: IdNumberHolder): boolean {
  return newStatus === 'VERIFIED' && !holder.verified;
}

export class TraineeFrozen extends DomainError {
  constructor(traineeId: string) {
    super({
      code: 'TRAINEE_FROZEN',
      status: 409,
      title: '学员记录已冻结',
      detail: '该学员记录的身份证号码已由通过实名核验的本人登记，本记录已冻结，等待人社部门核查。',
      context: { traineeId },
    });
  }
}
