import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CertificateLevel } from '@peixun/shared';
import type { CertificateRecord } from '../domain/model';
import { batchGet } from './batch-get';
import { accountLinkOf, type Standard, type TraineeFacts } from './projections';
import { accountKey, certificateKey, standardKey, traineeKey, withoutKeys } from './table-keys';

export interface DirectClaimFacts {
  readonly certificate: CertificateRecord | undefined;
  /** The trainee the caller's login is linked to. */
  readonly trainee: TraineeFacts | undefined;
  /** The subsidy standard of the certificate's occupation and level. */
  readonly standard: Standard | undefined;
  /**
   * Facts taken from a copy rather than read from their own item, which the filing transaction
   * must confirm: the trainee as its account link copied it, the standard as this instance last
   * read it. A refusal must not rest on them: it is judged again on `read(…, { copies: false })`.
   */
  readonly unconfirmed: { readonly trainee: boolean; readonly standard: boolean };
}

/** Standards kept per instance: a catalogue has a few thousand occupations and levels at most. */
const STANDARDS_KEPT = 10_000;
const standardId = (occupationCode: string, level: CertificateLevel): string => `${occupationCode}#${level}`;

/**
 * What a direct claim is judged on. With copies (the usual case) one `BatchGetItem` answers it: the
 * certificate and the caller's account link, which carries a copy of the linked trainee's facts,
 * with the subsidy standard this instance last read for the certificate's occupation and level.
 * What no copy answers (an account linked before its trainee was known, a standard not read yet)
 * is read in a second `BatchGetItem`, as without copies. Reads only: the rules that must hold
 * when the claim is written, the copies included, are conditions of its transaction
 * (`Ledger.fileDirectClaim`).
 */
export class DirectClaimFactsReader {
  readonly #standards = new Map<string, Standard>();

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async read(certificateNumber: string, accountSub: string, options: { copies: boolean }): Promise<DirectClaimFacts> {
    const [certificateItem, account] = await batchGet(this.client, this.tableName, [certificateKey(certificateNumber), accountKey(accountSub)]);
    const certificate = withoutKeys<CertificateRecord>(certificateItem);
    const link = accountLinkOf(account);
    const copiedTrainee = options.copies ? link?.trainee : undefined;
    const keptStandard = options.copies && certificate !== undefined ? this.#standards.get(standardId(certificate.occupationCode, certificate.level)) : undefined;
    const readTrainee = link !== undefined && copiedTrainee === undefined;
    const readStandard = certificate !== undefined && keptStandard === undefined;
    const keys = [...(readTrainee ? [traineeKey(link.traineeId)] : []), ...(readStandard ? [standardKey(certificate.occupationCode, certificate.level)] : [])];
    const items = keys.length === 0 ? [] : await batchGet(this.client, this.tableName, keys);
    const standard = readStandard ? (items[keys.length - 1] as Standard | undefined) : keptStandard;
    if (readStandard && certificate !== undefined && standard !== undefined && standard.subsidyFen > 0) this.keep(standardId(certificate.occupationCode, certificate.level), standard);
    return {
      certificate,
      trainee: readTrainee ? (items[0] as TraineeFacts | undefined) : copiedTrainee,
      standard,
      unconfirmed: { trainee: copiedTrainee !== undefined, standard: keptStandard !== undefined },
    };
  }

  /** The filing transaction found the standard changed: the next claim reads it again. */
  forgetStandard(occupationCode: string, level: CertificateLevel): void {
    this.#standards.delete(standardId(occupationCode, level));
  }

  private keep(id: string, standard: Standard): void {
    this.#standards.delete(id);
    if (this.#standards.size >= STANDARDS_KEPT) this.#standards.delete(this.#standards.keys().next().value as string);
    this.#standards.set(id, { subsidyFen: standard.subsidyFen, catalogueVersion: standard.catalogueVersion });
  }
}
