import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type CertificateLevel, type GuardedAction, type OutboxItem, outboxPuts, queryAll, transact, transactGroups, type TransactItem } from '@peixun/shared';
import { levelRank } from '../domain/levels';
import type { TraineeFacts } from './projections';
import { certificateAreaCode, type CertificateRecord, type ClaimHeader, type ClaimLine, type Disclosure, type Objection, type PaymentOutcome, type SubsidyKeys } from '../domain/model';
import {
  areaPartition,
  certificateKey,
  claimKey,
  classClaimKey,
  counterKey,
  DECLARATIONS_PARTITION,
  DISCLOSURE_PARTITION,
  disclosureSort,
  heldKey,
  holderPartition,
  lineKey,
  ownerPartition,
  standardKey,
  pendingDeclarationKey,
  personPartition,
  subsidyKey,
  traineeKey,
  withoutKeys as strip,
} from './table-keys';

const IF_ABSENT = 'attribute_not_exists(pk)';

export type FilingOutcome =
  | 'OK'
  | 'LINE_EXISTS'
  | 'CLAIM_EXISTS'
  | 'ALREADY_SUBSIDISED'
  | 'LIMIT_REACHED'
  | 'HIGHER_LEVEL_HELD'
  | 'CERTIFICATE_NOT_VERIFIED'
  | 'TRAINEE_FROZEN'
  /** A copy the claim was judged on (`DirectClaimFacts.unconfirmed`) no longer matches its item: nothing was written. */
  | 'FACTS_CHANGED';

/** Copies a direct claim was judged on, which its transaction confirms against their items. */
export interface CopiedFacts {
  /** The trainee as the account link copied it: the item must still hold these facts, unfrozen. */
  readonly trainee?: Pick<TraineeFacts, 'traineeId' | 'name' | 'idNumberMasked' | 'regionCode'>;
  /** The standard as last read: the item must still pay this amount. */
  readonly standard?: { readonly occupationCode: string; readonly level: CertificateLevel; readonly subsidyFen: number };
}
export type DecisionOutcome = 'OK' | 'NOT_IN_REVIEW' | 'HIGHER_LEVEL_HELD';

/**
 * The claims ledger: certificates, claims and their lines, and the sentinel and counter items
 * that make DynamoDB refuse what the guideline forbids. Every state change is one conditional
 * transaction; the caller learns which invariant refused it.
 */
export class Ledger {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  // ---- certificates ------------------------------------------------------------------------

  async certificate(number: string): Promise<CertificateRecord | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: certificateKey(number) }));
    return strip<CertificateRecord>(Item);
  }

  async certificatesOfHolder(name: string, idNumberMasked: string): Promise<CertificateRecord[]> {
    const items = await queryAll(this.client, this.tableName, {
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :p',
      ExpressionAttributeValues: { ':p': holderPartition(name, idNumberMasked) },
    });
    return items.map((item) => strip<CertificateRecord>(item) as CertificateRecord);
  }

  /** Self-declared certificates waiting for a reviewer, in divisions starting with `areaPrefix`. */
  async pendingDeclarations(areaPrefix: string): Promise<CertificateRecord[]> {
    const items = await queryAll(this.client, this.tableName, {
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :area)',
      ExpressionAttributeValues: { ':p': DECLARATIONS_PARTITION, ':area': areaPrefix },
    });
    return items.map((item) => strip<CertificateRecord>(item) as CertificateRecord);
  }

  private pendingDeclarationItem(record: CertificateRecord): Record<string, unknown> {
    return { ...record, ...pendingDeclarationKey(certificateAreaCode(record), record.certificateNumber), entity: 'PENDING_DECLARATION' };
  }

  /**
   * The highest level a person holds of an occupation only ever rises: raising it is conditional on
   * the rank read, keeping it is a check that it is still at least this high. A concurrent change
   * fails the condition and the caller retries with a fresh read.
   */
  private async heldLevelAction(record: Pick<CertificateRecord, 'personFingerprint' | 'occupationCode' | 'level'>): Promise<TransactItem | undefined> {
    const rank = levelRank(record.level);
    if (rank === undefined) return undefined;
    const Key = heldKey(record.personFingerprint, record.occupationCode);
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key, ConsistentRead: true }));
    const held = typeof Item?.maxRank === 'number' ? Item.maxRank : undefined;
    if (held !== undefined && held >= rank) {
      return { ConditionCheck: { TableName: this.tableName, Key, ConditionExpression: 'maxRank >= :r', ExpressionAttributeValues: { ':r': rank } } };
    }
    return {
      Update: {
        TableName: this.tableName,
        Key,
        UpdateExpression: 'SET maxRank = :r',
        ConditionExpression: 'attribute_not_exists(maxRank) OR maxRank < :r',
        ExpressionAttributeValues: { ':r': rank },
      },
    };
  }

  private certificateItem(record: CertificateRecord): Record<string, unknown> {
    return {
      ...certificateKey(record.certificateNumber),
      entity: 'CERTIFICATE',
      gsi1pk: personPartition(record.personFingerprint),
      gsi1sk: `CERT#${record.certificateNumber}`,
      gsi2pk: holderPartition(record.holderName, record.idNumberMasked),
      gsi2sk: `CERT#${record.certificateNumber}`,
      ...record,
    };
  }

  /** False when the number is already registered. A verified certificate raises the person's held level in the same transaction. */
  async recordCertificate(record: CertificateRecord, events: readonly OutboxItem[]): Promise<boolean> {
    for (;;) {
      const held = record.status === 'VERIFIED' ? await this.heldLevelAction(record) : undefined;
      const outcome = await transact<'TAKEN' | 'HELD_MOVED'>(this.client, [
        { action: { Put: { TableName: this.tableName, Item: this.certificateItem(record), ConditionExpression: IF_ABSENT } }, guard: 'TAKEN' },
        // Queued for the area's reviewers in the same transaction: a declaration is never lost from the queue.
        ...(record.status === 'PENDING_VERIFICATION' ? [{ action: { Put: { TableName: this.tableName, Item: this.pendingDeclarationItem(record) } } }] : []),
        ...(held === undefined ? [] : [{ action: held, guard: 'HELD_MOVED' as const }]),
        ...outboxPuts(this.tableName, events).map((action) => ({ action })),
      ]);
      if (outcome === 'HELD_MOVED') continue;
      return outcome === 'OK';
    }
  }

  /** False when the certificate is no longer pending. */
  async decideDeclaration(record: CertificateRecord, events: readonly OutboxItem[]): Promise<boolean> {
    for (;;) {
      const held = record.status === 'VERIFIED' ? await this.heldLevelAction(record) : undefined;
      const outcome = await transact<'NOT_PENDING' | 'HELD_MOVED'>(this.client, [
        {
          action: {
            Update: {
              TableName: this.tableName,
              Key: certificateKey(record.certificateNumber),
              UpdateExpression: 'SET #status = :status, verification = :verification',
              ConditionExpression: '#status = :pending',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':status': record.status, ':verification': record.verification, ':pending': 'PENDING_VERIFICATION' },
            },
          },
          guard: 'NOT_PENDING',
        },
        // Decided: off the reviewers' queue, together with the decision.
        { action: { Delete: { TableName: this.tableName, Key: pendingDeclarationKey(certificateAreaCode(record), record.certificateNumber) } } },
        ...(held === undefined ? [] : [{ action: held, guard: 'HELD_MOVED' as const }]),
        ...outboxPuts(this.tableName, events).map((action) => ({ action })),
      ]);
      if (outcome === 'HELD_MOVED') continue;
      return outcome === 'OK';
    }
  }

  /**
   * A skill-upgrade subsidy the unemployment-insurance office already paid takes the person's
   * sentinel for that occupation and level; false when a subsidy already holds it.
   */
  async recordSkillUpgrade(personFingerprint: string, occupationCode: string, level: CertificateLevel, paidOn: string): Promise<boolean> {
    const outcome = await transact<'TAKEN'>(this.client, [
      {
        action: {
          Put: {
            TableName: this.tableName,
            Item: { ...subsidyKey(personFingerprint, occupationCode, level), subsidyKind: 'SKILL_UPGRADE_SUBSIDY', paidOn },
            ConditionExpression: IF_ABSENT,
          },
        },
        guard: 'TAKEN',
      },
    ]);
    return outcome === 'OK';
  }

  // ---- the invariants a subsidised line takes ------------------------------------------------

  /**
   * Sentinel, counter and held-level check of one subsidised line: the person+occupation+level
   * sentinel only if absent, the period counter only below its limit, and no higher level of the
   * occupation held.
   */
  private subsidyActions(line: ClaimLine, keys: SubsidyKeys): GuardedAction<FilingOutcome>[] {
    const rank = levelRank(keys.level);
    return [
      {
        action: {
          Put: {
            TableName: this.tableName,
            Item: { ...subsidyKey(keys.personFingerprint, keys.occupationCode, keys.level), claimId: line.claimId, lineId: line.lineId, subsidyKind: keys.subsidyKind },
            ConditionExpression: IF_ABSENT,
          },
        },
        guard: 'ALREADY_SUBSIDISED',
      },
      {
        action: {
          Update: {
            TableName: this.tableName,
            Key: counterKey(keys.personFingerprint, keys.subsidyKind, keys.policyPeriod),
            UpdateExpression: 'ADD #count :one',
            ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
            ExpressionAttributeNames: { '#count': 'count' },
            ExpressionAttributeValues: { ':one': 1, ':limit': keys.limit },
          },
        },
        guard: 'LIMIT_REACHED',
      },
      ...(rank === undefined
        ? []
        : [
            {
              action: {
                ConditionCheck: {
                  TableName: this.tableName,
                  Key: heldKey(keys.personFingerprint, keys.occupationCode),
                  ConditionExpression: 'attribute_not_exists(maxRank) OR maxRank <= :r',
                  ExpressionAttributeValues: { ':r': rank },
                },
              },
              guard: 'HIGHER_LEVEL_HELD' as const,
            },
          ]),
    ];
  }

  /** Gives back what a line took when it is rejected or returned: the sentinel (only its own) and one count. */
  private releaseActions(line: ClaimLine, keys: Pick<SubsidyKeys, 'personFingerprint' | 'occupationCode' | 'level' | 'subsidyKind' | 'policyPeriod'>): TransactItem[] {
    return [
      {
        Delete: {
          TableName: this.tableName,
          Key: subsidyKey(keys.personFingerprint, keys.occupationCode, keys.level),
          ConditionExpression: 'claimId = :c AND lineId = :l',
          ExpressionAttributeValues: { ':c': line.claimId, ':l': line.lineId },
        },
      },
      {
        Update: {
          TableName: this.tableName,
          Key: counterKey(keys.personFingerprint, keys.subsidyKind, keys.policyPeriod),
          UpdateExpression: 'ADD #count :minus',
          ConditionExpression: '#count > :zero',
          ExpressionAttributeNames: { '#count': 'count' },
          ExpressionAttributeValues: { ':minus': -1, ':zero': 0 },
        },
      },
    ];
  }

  private lineItem(line: ClaimLine, header: Pick<ClaimHeader, 'policyPeriod'>): Record<string, unknown> {
    return { ...lineKey(line.claimId, line.lineId), entity: 'LINE', policyPeriod: header.policyPeriod, ...line };
  }

  private headerItem(header: ClaimHeader): Record<string, unknown> {
    return {
      ...claimKey(header.claimId),
      entity: 'CLAIM',
      gsi1pk: ownerPartition(header.payee),
      gsi1sk: `CLAIM#${header.claimId}`,
      gsi2pk: areaPartition(header.areaCode),
      gsi2sk: `CLAIM#${header.claimId}`,
      ...header,
    };
  }

  /**
   * A direct certificate subsidy: claim, its one line, the sentinel, the counter, the held-level
   * check and "the certificate is still verified" in one transaction. Twenty racing requests for
   * one certificate: one sentinel, one claim. Facts the claim was judged on from copies are
   * confirmed first (`FACTS_CHANGED` names their refusal before any other, so that no answer rests
   * on a stale copy); the trainee's item is checked unfrozen either way.
   */
  async fileDirectClaim(header: ClaimHeader, line: ClaimLine, keys: SubsidyKeys, copied: CopiedFacts = {}): Promise<FilingOutcome> {
    const traineeId = line.traineeId;
    if (traineeId === undefined) throw new Error(`Direct claim ${line.claimId} has no trainee`);
    if (copied.trainee !== undefined && copied.trainee.traineeId !== traineeId) throw new Error(`Direct claim ${line.claimId} confirms another trainee`);
    // A freeze projected meanwhile stops the filing in the same transaction, not only at the read before it.
    const unfrozen = { ConditionCheck: { TableName: this.tableName, Key: traineeKey(traineeId), ConditionExpression: 'attribute_not_exists(frozenAt)' } };
    return transact<FilingOutcome>(this.client, [
      ...(copied.trainee === undefined
        ? []
        : [
            {
              action: {
                ConditionCheck: {
                  ...unfrozen.ConditionCheck,
                  ConditionExpression: 'attribute_not_exists(frozenAt) AND #name = :name AND idNumberMasked = :masked AND regionCode = :region',
                  ExpressionAttributeNames: { '#name': 'name' },
                  ExpressionAttributeValues: { ':name': copied.trainee.name, ':masked': copied.trainee.idNumberMasked, ':region': copied.trainee.regionCode },
                },
              },
              guard: 'FACTS_CHANGED' as const,
            },
          ]),
      ...(copied.standard === undefined
        ? []
        : [
            {
              action: {
                ConditionCheck: {
                  TableName: this.tableName,
                  Key: standardKey(copied.standard.occupationCode, copied.standard.level),
                  ConditionExpression: 'subsidyFen = :fen',
                  ExpressionAttributeValues: { ':fen': copied.standard.subsidyFen },
                },
              },
              guard: 'FACTS_CHANGED' as const,
            },
          ]),
      { action: { Put: { TableName: this.tableName, Item: this.headerItem(header), ConditionExpression: IF_ABSENT } }, guard: 'CLAIM_EXISTS' },
      { action: { Put: { TableName: this.tableName, Item: this.lineItem(line, header), ConditionExpression: IF_ABSENT } }, guard: 'LINE_EXISTS' },
      ...this.subsidyActions(line, keys),
      {
        action: {
          ConditionCheck: {
            TableName: this.tableName,
            Key: certificateKey(line.certificateNumber ?? ''),
            ConditionExpression: '#status = :verified',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':verified': 'VERIFIED' },
          },
        },
        guard: 'CERTIFICATE_NOT_VERIFIED',
      },
      // One action per item: with a copied trainee the first check covers the freeze as well.
      ...(copied.trainee === undefined ? [{ action: unfrozen, guard: 'TRAINEE_FROZEN' as const }] : []),
    ]);
  }

  /** Opens a class's training claim; `CLAIM_EXISTS` names the claim the class already has. */
  async openTrainingClaim(header: ClaimHeader, classId: string): Promise<{ outcome: 'OK' } | { outcome: 'CLAIM_EXISTS'; claimId: string }> {
    const outcome = await transact<'CLAIM_EXISTS'>(this.client, [
      { action: { Put: { TableName: this.tableName, Item: { ...classClaimKey(classId), claimId: header.claimId }, ConditionExpression: IF_ABSENT } }, guard: 'CLAIM_EXISTS' },
      { action: { Put: { TableName: this.tableName, Item: this.headerItem(header), ConditionExpression: IF_ABSENT } } },
    ]);
    if (outcome === 'OK') return { outcome };
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: classClaimKey(classId), ConsistentRead: true }));
    return { outcome: 'CLAIM_EXISTS', claimId: String(Item?.claimId) };
  }

  /**
   * Lines of a training claim: each eligible line takes its sentinel and count with it,
   * atomically; the lines share transactions (up to 100 actions), but each is answered as if it
   * had its own (`transactGroups`): a line refused by its sentinel, counter or held level leaves the
   * others written.
   */
  async fileTrainingLines(header: ClaimHeader, entries: ReadonlyArray<{ line: ClaimLine; keys: SubsidyKeys | undefined }>): Promise<FilingOutcome[]> {
    return transactGroups<FilingOutcome>(
      this.client,
      entries.map(({ line, keys }) => [
        { action: { Put: { TableName: this.tableName, Item: this.lineItem(line, header), ConditionExpression: IF_ABSENT } }, guard: 'LINE_EXISTS' },
        ...(keys === undefined ? [] : this.subsidyActions(line, keys)),
      ]),
    );
  }

  async finishBuilding(claimId: string, totalEligibleFen: number): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: claimKey(claimId),
        UpdateExpression: 'SET building = :false, totalEligibleFen = :total',
        ExpressionAttributeValues: { ':false': false, ':total': totalEligibleFen },
      }),
    );
  }

  // ---- reading claims ---------------------------------------------------------------------

  async claim(claimId: string): Promise<{ header: ClaimHeader; lines: ClaimLine[] } | undefined> {
    const items = await queryAll(this.client, this.tableName, {
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': claimKey(claimId).pk },
      ConsistentRead: true,
    });
    const header = items.find((item) => item.sk === 'CLAIM');
    if (header === undefined) return undefined;
    return {
      header: strip<ClaimHeader>(header) as ClaimHeader,
      lines: items.filter((item) => String(item.sk).startsWith('LINE#')).map((item) => strip<ClaimLine>(item) as ClaimLine),
    };
  }

  async claimHeaders(index: 'gsi1' | 'gsi2', partition: string): Promise<ClaimHeader[]> {
    const items = await queryAll(this.client, this.tableName, {
      IndexName: index,
      KeyConditionExpression: `${index}pk = :p`,
      ExpressionAttributeValues: { ':p': partition },
    });
    return items.map((item) => strip<ClaimHeader>(item) as ClaimHeader);
  }

  // ---- review -----------------------------------------------------------------------------

  /**
   * Approval moves each line to its public disclosure, only if it is still in review (a claim is
   * never approved twice) and the person still holds no higher level of the occupation (a higher
   * certificate recorded meanwhile blocks it). Lines share transactions, each answered as if alone.
   */
  async approveLines(lines: readonly ClaimLine[], decision: NonNullable<ClaimLine['decision']>, disclosure: Disclosure): Promise<DecisionOutcome[]> {
    return transactGroups<DecisionOutcome>(this.client, lines.map((line) => this.approveActions(line, decision, disclosure)));
  }

  private approveActions(line: ClaimLine, decision: NonNullable<ClaimLine['decision']>, disclosure: Disclosure): GuardedAction<DecisionOutcome>[] {
    const rank = levelRank(line.level);
    return [
      {
        action: {
          Update: {
            TableName: this.tableName,
            Key: lineKey(line.claimId, line.lineId),
            UpdateExpression: 'SET #status = :next, decision = :decision, disclosure = :disclosure, gsi1pk = :dp, gsi1sk = :ds',
            ConditionExpression: '#status = :inReview',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':next': 'IN_DISCLOSURE',
              ':decision': decision,
              ':disclosure': disclosure,
              ':dp': DISCLOSURE_PARTITION,
              ':ds': disclosureSort(disclosure.until, line.claimId, line.lineId),
              ':inReview': 'IN_REVIEW',
            },
          },
        },
        guard: 'NOT_IN_REVIEW',
      },
      ...(rank === undefined || line.personFingerprint === undefined
        ? []
        : [
            {
              action: {
                ConditionCheck: {
                  TableName: this.tableName,
                  Key: heldKey(line.personFingerprint, line.occupationCode),
                  ConditionExpression: 'attribute_not_exists(maxRank) OR maxRank <= :r',
                  ExpressionAttributeValues: { ':r': rank },
                },
              },
              guard: 'HIGHER_LEVEL_HELD' as const,
            },
          ]),
    ];
  }

  /** Rejection or return: each line leaves review and gives back its sentinel and count; lines share transactions, each answered as if alone. */
  async closeLines(lines: readonly ClaimLine[], policyPeriod: string, status: 'REJECTED' | 'RETURNED', decision: NonNullable<ClaimLine['decision']>, from: readonly string[]): Promise<Array<'OK' | 'NOT_IN_REVIEW'>> {
    return transactGroups<'NOT_IN_REVIEW'>(this.client, lines.map((line) => this.closeActions(line, policyPeriod, status, decision, from)));
  }

  private closeActions(line: ClaimLine, policyPeriod: string, status: 'REJECTED' | 'RETURNED', decision: NonNullable<ClaimLine['decision']>, from: readonly string[]): GuardedAction<'NOT_IN_REVIEW'>[] {
    const values: Record<string, unknown> = { ':next': status, ':decision': decision };
    from.forEach((value, index) => (values[`:from${index}`] = value));
    return [
      {
        action: {
          Update: {
            TableName: this.tableName,
            Key: lineKey(line.claimId, line.lineId),
            UpdateExpression: 'SET #status = :next, decision = :decision REMOVE gsi1pk, gsi1sk',
            ConditionExpression: `#status IN (${from.map((_, index) => `:from${index}`).join(', ')})`,
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: values,
          },
        },
        guard: 'NOT_IN_REVIEW',
      },
      ...(line.personFingerprint === undefined
        ? []
        : this.releaseActions(line, { personFingerprint: line.personFingerprint, occupationCode: line.occupationCode, level: line.level, subsidyKind: line.subsidyKind, policyPeriod }).map((action) => ({ action }))),
    ];
  }

  async appendDecision(claimId: string, decision: ClaimHeader['decisions'][number]): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: claimKey(claimId),
        UpdateExpression: 'SET decisions = list_append(decisions, :d)',
        ExpressionAttributeValues: { ':d': [decision] },
      }),
    );
  }

  // ---- disclosure -------------------------------------------------------------------------

  async disclosed(): Promise<ClaimLine[]> {
    const items = await queryAll(this.client, this.tableName, {
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': DISCLOSURE_PARTITION },
    });
    return items.map((item) => strip<ClaimLine>(item) as ClaimLine);
  }

  /** Lines whose disclosure ended before `today`. */
  async disclosureEndedBefore(today: string): Promise<ClaimLine[]> {
    const items = await queryAll(this.client, this.tableName, {
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p AND gsi1sk < :today',
      ExpressionAttributeValues: { ':p': DISCLOSURE_PARTITION, ':today': today },
    });
    return items.map((item) => strip<ClaimLine>(item) as ClaimLine);
  }

  /**
   * A recount of the line's period on calendars published since (the end date moves, the list's
   * sort key with it): only while the line is still on the list and its period still counted on
   * the calendars the recount started from. False when either changed: a repeated or concurrent
   * recount finds the period already counted again.
   */
  async recountDisclosure(line: ClaimLine, disclosure: Disclosure): Promise<boolean> {
    const previous = line.disclosure?.basisKey;
    const outcome = await transact<'CHANGED'>(this.client, [
      {
        action: {
          Update: {
            TableName: this.tableName,
            Key: lineKey(line.claimId, line.lineId),
            UpdateExpression: 'SET disclosure = :disclosure, gsi1sk = :ds',
            ConditionExpression: `#status IN (:inDisclosure, :objected) AND gsi1pk = :dp AND ${previous === undefined ? 'attribute_not_exists(disclosure.basisKey)' : 'disclosure.basisKey = :previous'}`,
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':disclosure': disclosure,
              ':ds': disclosureSort(disclosure.until, line.claimId, line.lineId),
              ':dp': DISCLOSURE_PARTITION,
              ':inDisclosure': 'IN_DISCLOSURE',
              ':objected': 'OBJECTED',
              ...(previous === undefined ? {} : { ':previous': previous }),
            },
          },
        },
        guard: 'CHANGED',
      },
    ]);
    return outcome === 'OK';
  }

  /** An objection holds the line: only while it is on the list and its period has not ended. */
  async addObjection(line: ClaimLine, objection: Objection, today: string): Promise<boolean> {
    const outcome = await transact<'CLOSED'>(this.client, [
      {
        action: {
          Update: {
            TableName: this.tableName,
            Key: lineKey(line.claimId, line.lineId),
            UpdateExpression: 'SET #status = :objected, objections = list_append(objections, :o)',
            ConditionExpression: '#status IN (:inDisclosure, :objected) AND disclosure.#until >= :today',
            ExpressionAttributeNames: { '#status': 'status', '#until': 'until' },
            ExpressionAttributeValues: { ':objected': 'OBJECTED', ':inDisclosure': 'IN_DISCLOSURE', ':o': [objection], ':today': today },
          },
        },
        guard: 'CLOSED',
      },
    ]);
    return outcome === 'OK';
  }

  /**
   * Dismissal: the objection is closed (only if still open, found at its index) and the line goes
   * back on the list once no other objection is open.
   */
  async dismissObjection(line: ClaimLine, index: number, resolution: string): Promise<boolean> {
    const stillOpen = line.objections.some((objection, i) => i !== index && objection.status === 'OPEN');
    const outcome = await transact<'NOT_OPEN'>(this.client, [
      {
        action: {
          Update: {
            TableName: this.tableName,
            Key: lineKey(line.claimId, line.lineId),
            UpdateExpression: `SET objections[${index}].#status = :dismissed, objections[${index}].resolution = :resolution, #status = :next`,
            ConditionExpression: `objections[${index}].objectionId = :id AND objections[${index}].#status = :open AND #status = :objected`,
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':dismissed': 'DISMISSED',
              ':resolution': resolution,
              ':next': stillOpen ? 'OBJECTED' : 'IN_DISCLOSURE',
              ':id': line.objections[index]?.objectionId,
              ':open': 'OPEN',
              ':objected': 'OBJECTED',
            },
          },
        },
        guard: 'NOT_OPEN',
      },
    ]);
    return outcome === 'OK';
  }

  /** An upheld objection rejects the line: it leaves the list and gives back its sentinel and count. */
  async upholdObjection(line: ClaimLine, policyPeriod: string, index: number, resolution: string, decision: NonNullable<ClaimLine['decision']>): Promise<boolean> {
    const release =
      line.personFingerprint === undefined
        ? []
        : this.releaseActions(line, { personFingerprint: line.personFingerprint, occupationCode: line.occupationCode, level: line.level, subsidyKind: line.subsidyKind, policyPeriod });
    const outcome = await transact<'NOT_OPEN'>(this.client, [
      {
        action: {
          Update: {
            TableName: this.tableName,
            Key: lineKey(line.claimId, line.lineId),
            UpdateExpression: `SET objections[${index}].#status = :upheld, objections[${index}].resolution = :resolution, #status = :rejected, decision = :decision REMOVE gsi1pk, gsi1sk`,
            ConditionExpression: `objections[${index}].objectionId = :id AND objections[${index}].#status = :open AND #status = :objected`,
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':upheld': 'UPHELD',
              ':resolution': resolution,
              ':rejected': 'REJECTED',
              ':decision': decision,
              ':id': line.objections[index]?.objectionId,
              ':open': 'OPEN',
              ':objected': 'OBJECTED',
            },
          },
        },
        guard: 'NOT_OPEN',
      },
      ...release.map((action) => ({ action })),
    ]);
    return outcome === 'OK';
  }

  /** The period ended with no open objection: ready for payment, announced in the same transaction. */
  async markReadyForPayment(line: ClaimLine, event: OutboxItem): Promise<boolean> {
    const outcome = await transact<'NOT_IN_DISCLOSURE'>(this.client, [
      {
        action: {
          Update: {
            TableName: this.tableName,
            Key: lineKey(line.claimId, line.lineId),
            UpdateExpression: 'SET #status = :ready REMOVE gsi1pk, gsi1sk',
            ConditionExpression: '#status = :inDisclosure',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':ready': 'READY_FOR_PAYMENT', ':inDisclosure': 'IN_DISCLOSURE' },
          },
        },
        guard: 'NOT_IN_DISCLOSURE',
      },
      ...outboxPuts(this.tableName, [event]).map((action) => ({ action })),
    ]);
    return outcome === 'OK';
  }

  // ---- payment outcomes -------------------------------------------------------------------

  /**
   * Keeps each payment line's outcome, a later one of the same line only if it ranks higher
   * (settled after failed, returned after settled): a duplicate or a late, older report changes
   * nothing. What the claim shows is derived from the outcomes kept (`currentPayment`).
   */
  async recordPayment(claimId: string, lineId: string, outcome: PaymentOutcome & { rank: number }): Promise<boolean> {
    const result = await transact<'STALE'>(this.client, [
      {
        action: {
          Update: {
            TableName: this.tableName,
            Key: lineKey(claimId, lineId),
            UpdateExpression: 'SET payments.#pl = :o',
            ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(payments.#pl) OR payments.#pl.#rank < :rank)',
            ExpressionAttributeNames: { '#pl': outcome.paymentLineId, '#rank': 'rank' },
            ExpressionAttributeValues: { ':o': outcome, ':rank': outcome.rank },
          },
        },
        guard: 'STALE',
      },
    ]);
    return result === 'OK';
  }

  async line(claimId: string, lineId: string): Promise<ClaimLine | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: lineKey(claimId, lineId), ConsistentRead: true }));
    return strip<ClaimLine>(Item);
  }
}
