import { DomainError, type LinkTraineeAccountBody } from '@peixun/shared';
import { TraineeAccountAlreadyLinked, type Trainee } from './trainee';

/**
 * Claiming a record a school registered (学员账号绑定). The ID number finds the record; name and
 * phone, both sealed in it, prove the caller is that person. One record belongs to one login and
 * one login to one record — the repository makes DynamoDB enforce both in the write.
 */

/**
 * One refusal for "no such ID number" and "details do not match": telling them apart would let
 * anyone with a login probe which ID numbers are registered.
 */
export class TraineeIdentityNotMatched extends DomainError {
  constructor() {
    super({
      code: 'TRAINEE_IDENTITY_NOT_MATCHED',
      status: 422,
      title: '未找到匹配的学员记录',
      detail: '未找到与所填身份证号码、姓名和手机号码均一致的实名登记记录。请核对后重试，或联系为您登记的培训机构。',
    });
  }
}

/** The person's record already belongs to another login; a second account would act as the same person. */
export class TraineeAlreadyClaimed extends DomainError {
  constructor() {
    super({
      code: 'TRAINEE_ALREADY_CLAIMED',
      status: 409,
      title: '学员记录已绑定其他账号',
      detail: '该学员的实名登记记录已绑定其他账号，一名学员只能绑定一个账号。如非本人操作，请联系培训机构或人社部门。',
    });
  }
}

export const accountAlreadyLinkedToAnother = (): TraineeAccountAlreadyLinked =>
  new TraineeAccountAlreadyLinked('当前账号已绑定一名学员，一个账号只能绑定本人的一条实名登记记录。');

/** Names are compared as written on the ID card; Unicode normalisation only undoes input-method differences. */
const sameName = (a: string, b: string): boolean => a.normalize('NFC') === b.normalize('NFC');

export type ClaimDecision = { kind: 'link' | 'already-linked-to-caller'; trainee: Trainee };

/**
 * Decides a claim on what the table holds now. `trainee` is the record the ID number's fingerprint
 * led to, if any. A record already linked to the caller is answered again (a retried claim).
 */
export function decideClaim(trainee: Trainee | undefined, body: LinkTraineeAccountBody, callerSub: string): ClaimDecision {
  if (trainee === undefined || !sameName(trainee.name, body.name) || trainee.phone !== body.phone || trainee.idNumber !== body.idNumber) {
    throw new TraineeIdentityNotMatched();
  }
  if (trainee.accountSub === callerSub) return { kind: 'already-linked-to-caller', trainee };
  if (trainee.accountSub !== undefined) throw new TraineeAlreadyClaimed();
  return { kind: 'link', trainee };
}

export function accountLinkedEventDetail(trainee: Trainee, accountSub: string, linkedAt: string) {
  return { traineeId: trainee.traineeId, accountSub, linkedAt };
}
