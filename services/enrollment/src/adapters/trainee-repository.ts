import { GetCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { outboxPuts, stateConditionFailed, writeWithOutbox, type OutboxItem, type PiiCipher } from '@peixun/shared';
import { getAll } from './batch-requests';
import { failedConditionIndexes, IF_ABSENT } from './transaction-conflicts';
import { TraineeAccountAlreadyLinked, TraineeAlreadyRegistered, type ConsentWithdrawal, type Trainee } from '../domain/trainee';
import { accountAlreadyLinkedToAnother, TraineeAlreadyClaimed } from '../domain/trainee-account';

/**
 * Single-table layout of the enrollment service, trainee part:
 * - `TRAINEE#<id>` / `PROFILE`: the person, ID number and phone sealed, listed by registering
 *   institution through gsi1 (`INSTITUTION#<id>` / `TRAINEE#<registeredAt>`);
 * - `IDNUMBER#<fingerprint>` / `IDNUMBER`: the sentinel that makes one ID number one person;
 * - `ACCOUNT#<sub>` / `TRAINEE`: the sentinel that links one login to one person.
 * Uniqueness is the database's job: all of them are written in one transaction, each only if absent,
 * together with the outbox items of the events the registration causes. A later claim of the record
 * by a login sets `accountSub` on the profile only if unset and puts the account sentinel only if
 * absent, in one transaction: one person, one login, both ways.
 */
const keys = {
  trainee: (traineeId: string) => ({ pk: `TRAINEE#${traineeId}`, sk: 'PROFILE' }),
  idNumber: (fingerprint: string) => ({ pk: `IDNUMBER#${fingerprint}`, sk: 'IDNUMBER' }),
  account: (sub: string) => ({ pk: `ACCOUNT#${sub}`, sk: 'TRAINEE' }),
};

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
}

export class TraineeRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly cipher: PiiCipher,
  ) {}

  async create(trainee: Trainee, events: readonly OutboxItem[]): Promise<void> {
    const institutionId = trainee.registeredBy.institutionId;
    const item: TraineeItem = {
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
    };
    const sentinels = [
      { kind: 'idNumber' as const, item: { ...keys.idNumber(this.cipher.fingerprint(trainee.idNumber)), traineeId: trainee.traineeId } },
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
    };
  }
}
