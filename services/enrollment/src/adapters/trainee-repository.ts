import { GetCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type IdentityAnomaly, identityAnomalySchema, outboxPuts, stateConditionFailed, writeWithOutbox, type OutboxItem, type PiiCipher } from '@peixun/shared';
import { getAll } from './batch-requests';
import { failedConditionIndexes, IF_ABSENT } from './transaction-conflicts';
import type { IdNumberHolder } from '../domain/identity-verification';
import { TraineeAccountAlreadyLinked, TraineeAlreadyRegistered, type ConsentWithdrawal, type Trainee, type TraineeVerification } from '../domain/trainee';
import { accountAlreadyLinkedToAnother, TraineeAlreadyClaimed } from '../domain/trainee-account';

/**
 * Single-table layout of the enrollment service, trainee part:
 * - `TRAINEE#<id>` / `PROFILE`: the person, ID number and phone sealed, listed by registering
 *   institution through gsi1 (`INSTITUTION#<id>` / `TRAINEE#<registeredAt>`);
 * - `IDNUMBER#<fingerprint>` / `IDNUMBER`: the sentinel that makes one ID number one person, with
 *   `verified` telling whether its holder passed real-name verification;
 * - `ACCOUNT#<sub>` / `TRAINEE`: the sentinel that links one login to one person;
 * - `IDENTITY_ANOMALY#<id>` / `ANOMALY`: a record frozen by a verified take-over, listed for the
 *   reviewers of its area through gsi1 (`IDENTITY_ANOMALIES` / `<areaCode>#<detectedAt>#<id>`).
 * Uniqueness is the database's job: all of them are written in one transaction, each only if absent,
 * together with the outbox items of the events the registration causes. A later claim of the record
 * by a login sets `accountSub` on the profile only if unset and puts the account sentinel only if
 * absent, in one transaction: one person, one login, both ways.
 *
 * A verified registration takes an ID number over from an unverified holder in one transaction
 * too: the new profile, the sentinel re-pointed only if it still leads to that unverified holder,
 * the holder frozen only if still unverified, the anomaly and the events. Two verified
 * registrations racing for the same number: one condition holds, the other fails.
 */
const keys = {
  trainee: (traineeId: string) => ({ pk: `TRAINEE#${traineeId}`, sk: 'PROFILE' }),
  idNumber: (fingerprint: string) => ({ pk: `IDNUMBER#${fingerprint}`, sk: 'IDNUMBER' }),
  account: (sub: string) => ({ pk: `ACCOUNT#${sub}`, sk: 'TRAINEE' }),
  anomaly: (anomalyId: string) => ({ pk: `IDENTITY_ANOMALY#${anomalyId}`, sk: 'ANOMALY' }),
};

const ANOMALY_INDEX = 'gsi1';
const ANOMALIES_KEY = 'IDENTITY_ANOMALIES';

/** The holder is no longer the unverified record the take-over was decided on (another registration won, or it was verified). */
export class IdNumberHolderChanged extends Error {
  constructor() {
    super('The ID number sentinel no longer leads to the unverified holder');
    this.name = 'IdNumberHolderChanged';
  }
}

/** Records from before real-name verification carry no status: they count as unverified. */
const UNVERIFIED_CONDITION = '(attribute_not_exists(verification) OR verification.#status = :unverified)';

interface TraineeItem {
  pk: string;
  sk: string;
  gsi1pk?: string;
  gsi1sk?: string;
  traineeId: string;
  name: string;
  idNumberSealed: string;
  sex: Trainee['sex'];
  birthDate: string;
  regionCode: string;
  phoneSealed: string;
  targetGroups: Trainee['targetGroups'];
  biometricConsent: Trainee['biometricConsent'];
  registeredAt: string;
  registeredBy: Trainee['registeredBy'];
  accountSub?: string;
  accountLinkedAt?: string;
  verification?: TraineeVerification;
}

export class TraineeRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly cipher: PiiCipher,
  ) {}

  private profileItem(trainee: Trainee): TraineeItem {
    const institutionId = trainee.registeredBy.institutionId;
    return {
      ...keys.trainee(trainee.traineeId),
      ...(institutionId === undefined
        ? {}
        : { gsi1pk: `INSTITUTION#${institutionId}`, gsi1sk: `TRAINEE#${trainee.registeredAt}` }),
      traineeId: trainee.traineeId,
      name: trainee.name,
      idNumberSealed: this.cipher.encrypt(trainee.idNumber),
      sex: trainee.sex,
      birthDate: trainee.birthDate,
      regionCode: trainee.regionCode,
      phoneSealed: this.cipher.encrypt(trainee.phone),
      targetGroups: trainee.targetGroups,
      biometricConsent: trainee.biometricConsent,
      registeredAt: trainee.registeredAt,
      registeredBy: trainee.registeredBy,
      ...(trainee.accountSub === undefined ? {} : { accountSub: trainee.accountSub }),
      verification: trainee.verification,
    };
  }

  private idNumberSentinel(trainee: Trainee) {
    return { ...keys.idNumber(this.cipher.fingerprint(trainee.idNumber)), traineeId: trainee.traineeId, verified: trainee.verification.status === 'VERIFIED' };
  }

  async create(trainee: Trainee, events: readonly OutboxItem[]): Promise<void> {
    const item = this.profileItem(trainee);
    const sentinels = [
      { kind: 'idNumber' as const, item: this.idNumberSentinel(trainee) },
      ...(trainee.accountSub === undefined
        ? []
        : [{ kind: 'account' as const, item: { ...keys.account(trainee.accountSub), traineeId: trainee.traineeId } }]),
    ];
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [item, ...sentinels.map((sentinel) => sentinel.item), ...events].map((Item) => ({
            Put: { TableName: this.tableName, Item, ConditionExpression: IF_ABSENT },
          })),
        }),
      );
    } catch (error) {
      throw this.explainConflict(error, sentinels.map((sentinel) => sentinel.kind));
    }
  }

  async findById(traineeId: string): Promise<Trainee | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.trainee(traineeId), ConsistentRead: true }),
    );
    return result.Item === undefined ? undefined : this.open(result.Item as TraineeItem);
  }

  /** Trainees named on a roster; unknown ids are absent from the map (the class rules report them, Art. 27). */
  async findMany(traineeIds: readonly string[]): Promise<Map<string, Trainee>> {
    const items = await getAll<TraineeItem>(this.client, this.tableName, [...new Set(traineeIds)].map(keys.trainee));
    return new Map(items.map((item) => this.open(item)).map((trainee) => [trainee.traineeId, trainee]));
  }

  /** Registered trainees by ID number, looked up through the fingerprint sentinels (the number is never stored in clear). */
  async idsByIdNumber(idNumbers: readonly string[]): Promise<Map<string, string>> {
    const byFingerprint = new Map(idNumbers.map((idNumber) => [this.cipher.fingerprint(idNumber), idNumber]));
    const items = await getAll<{ pk: string; traineeId: string }>(this.client, this.tableName, [...byFingerprint.keys()].map(keys.idNumber));
    return new Map(
      items.flatMap((item) => {
        const idNumber = byFingerprint.get(item.pk.slice('IDNUMBER#'.length));
        return idNumber === undefined ? [] : [[idNumber, item.traineeId] as const];
      }),
    );
  }

  /**
   * Registered people by ID number: the holder of each number's sentinel and the real name on
   * their record (read from the profile without opening its sealed fields), for the roster's name check.
   */
  async registeredByIdNumber(idNumbers: readonly string[]): Promise<Map<string, { traineeId: string; name: string }>> {
    const traineeIds = await this.idsByIdNumber(idNumbers);
    const profiles = await getAll<Pick<TraineeItem, 'traineeId' | 'name'>>(this.client, this.tableName, [...new Set(traineeIds.values())].map(keys.trainee));
    const names = new Map(profiles.map((profile) => [profile.traineeId, profile.name]));
    return new Map(
      [...traineeIds].flatMap(([idNumber, traineeId]) => {
        const name = names.get(traineeId);
        return name === undefined ? [] : [[idNumber, { traineeId, name }] as const];
      }),
    );
  }

  /** The person a trainee login belongs to, through the account sentinel written at self-registration. */
  async findIdByAccount(sub: string): Promise<string | undefined> {
    const result = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.account(sub), ConsistentRead: true }));
    const traineeId: unknown = result.Item?.traineeId;
    return typeof traineeId === 'string' ? traineeId : undefined;
  }

  /** The keyed fingerprint an ID number is looked up and counted by, never the number itself. */
  idNumberFingerprint(idNumber: string): string {
    return this.cipher.fingerprint(idNumber);
  }

  /** Who holds an ID number's sentinel now, and whether that record is verified. */
  async idNumberHolder(idNumber: string): Promise<IdNumberHolder | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.idNumber(this.cipher.fingerprint(idNumber)), ConsistentRead: true }),
    );
    const traineeId: unknown = result.Item?.traineeId;
    return typeof traineeId === 'string' ? { traineeId, verified: result.Item?.verified === true } : undefined;
  }

  /**
   * A verified registration takes the ID number over from an unverified holder, which is frozen and
   * raised as an anomaly, all in one transaction (see the layout above). Throws
   * `IdNumberHolderChanged` when the holder is no longer that unverified record, and
   * `TraineeAccountAlreadyLinked` when the registering login already has a person.
   */
  async takeOver(trainee: Trainee, holder: IdNumberHolder, anomaly: IdentityAnomaly, events: readonly OutboxItem[]): Promise<void> {
    if (anomaly.frozenTraineeId !== holder.traineeId || anomaly.verifiedTraineeId !== trainee.traineeId) throw new Error('takeOver: anomaly names other records');
    const frozen: TraineeVerification = { status: 'FROZEN', frozenAt: anomaly.detectedAt, frozenFor: trainee.traineeId };
    const items = [
      { Put: { TableName: this.tableName, Item: this.profileItem(trainee), ConditionExpression: IF_ABSENT } },
      {
        Put: {
          TableName: this.tableName,
          Item: this.idNumberSentinel(trainee),
          ConditionExpression: 'traineeId = :holder AND (attribute_not_exists(verified) OR verified = :false)',
          ExpressionAttributeValues: { ':holder': holder.traineeId, ':false': false },
        },
      },
      {
        Update: {
          TableName: this.tableName,
          Key: keys.trainee(holder.traineeId),
          UpdateExpression: 'SET verification = :frozen',
          ConditionExpression: `attribute_exists(pk) AND ${UNVERIFIED_CONDITION}`,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':frozen': frozen, ':unverified': 'UNVERIFIED' },
        },
      },
      {
        Put: {
          TableName: this.tableName,
          Item: { ...keys.anomaly(anomaly.anomalyId), gsi1pk: ANOMALIES_KEY, gsi1sk: `${anomaly.areaCode}#${anomaly.detectedAt}#${anomaly.anomalyId}`, ...anomaly },
          ConditionExpression: IF_ABSENT,
        },
      },
      ...(trainee.accountSub === undefined
        ? []
        : [{ Put: { TableName: this.tableName, Item: { ...keys.account(trainee.accountSub), traineeId: trainee.traineeId }, ConditionExpression: IF_ABSENT } }]),
      ...outboxPuts(this.tableName, events),
    ];
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      const failed = failedConditionIndexes(error);
      if (failed === undefined) throw error;
      if (failed.includes(1) || failed.includes(2)) throw new IdNumberHolderChanged();
      if (failed.includes(4) && trainee.accountSub !== undefined) throw new TraineeAccountAlreadyLinked();
      throw error;
    }
  }

  /**
   * Marks an unverified record verified, and its sentinel with it, only while the record is still
   * unverified and still holds its ID number. False when either changed (frozen meanwhile, or
   * verified by a concurrent request).
   */
  async markVerified(trainee: Trainee, verification: TraineeVerification, events: readonly OutboxItem[]): Promise<boolean> {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: keys.trainee(trainee.traineeId),
                UpdateExpression: 'SET verification = :verification',
                ConditionExpression: `attribute_exists(pk) AND ${UNVERIFIED_CONDITION}`,
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':verification': verification, ':unverified': 'UNVERIFIED' },
              },
            },
            {
              Update: {
                TableName: this.tableName,
                Key: keys.idNumber(this.cipher.fingerprint(trainee.idNumber)),
                UpdateExpression: 'SET verified = :true',
                ConditionExpression: 'traineeId = :traineeId',
                ExpressionAttributeValues: { ':true': true, ':traineeId': trainee.traineeId },
              },
            },
            ...outboxPuts(this.tableName, events),
          ],
        }),
      );
      return true;
    } catch (error) {
      const failed = failedConditionIndexes(error);
      if (failed !== undefined && (failed.includes(0) || failed.includes(1))) return false;
      throw error;
    }
  }

  /** Identity anomalies whose area starts with `areaPrefix` (all of them without one), newest first. */
  async identityAnomalies(areaPrefix: string | undefined, limit = 200): Promise<IdentityAnomaly[]> {
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: ANOMALY_INDEX,
        KeyConditionExpression: areaPrefix === undefined ? 'gsi1pk = :pk' : 'gsi1pk = :pk AND begins_with(gsi1sk, :area)',
        ExpressionAttributeValues: { ':pk': ANOMALIES_KEY, ...(areaPrefix === undefined ? {} : { ':area': areaPrefix }) },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    // The schema keeps the anomaly's own fields and leaves the keys behind.
    return Items.map((item) => identityAnomalySchema.parse(item));
  }

  /** The person an ID number belongs to, through its fingerprint sentinel. */
  async findIdByIdNumber(idNumber: string): Promise<string | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.idNumber(this.cipher.fingerprint(idNumber)), ConsistentRead: true }),
    );
    const traineeId: unknown = result.Item?.traineeId;
    return typeof traineeId === 'string' ? traineeId : undefined;
  }

  /**
   * Links a login to a registered person. The profile takes the account only if it has none, the
   * account sentinel is put only if the login has no person yet; either failed condition names
   * which side is already taken.
   */
  async linkAccount(traineeId: string, accountSub: string, linkedAt: string, events: readonly OutboxItem[]): Promise<void> {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: keys.trainee(traineeId),
                UpdateExpression: 'SET accountSub = :sub, accountLinkedAt = :at',
                ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(accountSub)',
                ExpressionAttributeValues: { ':sub': accountSub, ':at': linkedAt },
              },
            },
            { Put: { TableName: this.tableName, Item: { ...keys.account(accountSub), traineeId }, ConditionExpression: IF_ABSENT } },
            ...outboxPuts(this.tableName, events),
          ],
        }),
      );
    } catch (error) {
      const failed = failedConditionIndexes(error);
      if (failed?.includes(0)) throw new TraineeAlreadyClaimed();
      if (failed?.includes(1)) throw accountAlreadyLinkedToAnother();
      throw error;
    }
  }

  /**
   * Records the withdrawal of face consent once: the condition keeps the first withdrawal (who,
   * when) and its event the only ones. False when the record is missing or already withdrawn.
   */
  async withdrawBiometricConsent(traineeId: string, withdrawal: ConsentWithdrawal, events: readonly OutboxItem[]): Promise<boolean> {
    try {
      await writeWithOutbox(this.client, this.tableName, {
        Update: {
          TableName: this.tableName,
          Key: keys.trainee(traineeId),
          UpdateExpression: 'SET biometricConsent.withdrawn = :withdrawal',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(biometricConsent.withdrawn)',
          ExpressionAttributeValues: { ':withdrawal': withdrawal },
        },
      }, events);
      return true;
    } catch (error) {
      if (stateConditionFailed(error)) return false;
      throw error;
    }
  }

  /** TransactWriteItems reports one reason per item, in order; the failed condition names the rule. */
  private explainConflict(error: unknown, sentinelKinds: Array<'idNumber' | 'account'>): unknown {
    const failedIndexes = failedConditionIndexes(error);
    if (failedIndexes === undefined) return error;
    // Item 0 is the profile; the sentinels follow it in order.
    const failed = sentinelKinds.filter((_, index) => failedIndexes.includes(index + 1));
    if (failed.includes('idNumber')) return new TraineeAlreadyRegistered();
    if (failed.includes('account')) return new TraineeAccountAlreadyLinked();
    return error;
  }

  private open(item: TraineeItem): Trainee {
    return {
      traineeId: item.traineeId,
      name: item.name,
      idNumber: this.cipher.decrypt(item.idNumberSealed),
      sex: item.sex,
      birthDate: item.birthDate,
      regionCode: item.regionCode,
      phone: this.cipher.decrypt(item.phoneSealed),
      targetGroups: item.targetGroups,
      biometricConsent: item.biometricConsent,
      registeredAt: item.registeredAt,
      registeredBy: item.registeredBy,
      ...(item.accountSub === undefined ? {} : { accountSub: item.accountSub }),
      ...(item.accountLinkedAt === undefined ? {} : { accountLinkedAt: item.accountLinkedAt }),
      verification: item.verification ?? { status: 'UNVERIFIED' },
    };
  }
}
