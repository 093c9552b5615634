import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CertificateRecord } from '../domain/model';
import { batchGet } from './batch-get';
import type { Standard, TraineeFacts } from './projections';
import { accountKey, certificateKey, standardKey, traineeKey, withoutKeys } from './table-keys';

export interface DirectClaimFacts {
  readonly certificate: CertificateRecord | undefined;
  /** The trainee the caller's login is linked to. */
  readonly trainee: TraineeFacts | undefined;
  /** The subsidy standard of the certificate's occupation and level. */
  readonly standard: Standard | undefined;
}

/**
 * What a direct claim is judged on, in two `BatchGetItem` round trips instead of four `GetItem`s
 * in three steps: the certificate with the caller's account link, then the trainee the link names
 * with the standard of the certificate's occupation and level. Reads only: the rules that must
 * hold when the claim is written are conditions of its transaction (`Ledger.fileDirectClaim`).
 */
export class DirectClaimFactsReader {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async read(certificateNumber: string, accountSub: string): Promise<DirectClaimFacts> {
    const [certificateItem, account] = await batchGet(this.client, this.tableName, [certificateKey(certificateNumber), accountKey(accountSub)]);
    const certificate = withoutKeys<CertificateRecord>(certificateItem);
    const traineeId = typeof account?.traineeId === 'string' ? account.traineeId : undefined;
    const keys = [...(traineeId === undefined ? [] : [traineeKey(traineeId)]), ...(certificate === undefined ? [] : [standardKey(certificate.occupationCode, certificate.level)])];
    if (keys.length === 0) return { certificate, trainee: undefined, standard: undefined };
    const items = await batchGet(this.client, this.tableName, keys);
    return {
      certificate,
      trainee: traineeId === undefined ? undefined : (items[0] as TraineeFacts | undefined),
      standard: certificate === undefined ? undefined : (items[keys.length - 1] as Standard | undefined),
    };
  }
}
