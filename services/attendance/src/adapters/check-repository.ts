/**
 * Check records and the anti-proxy limits, all enforced by DynamoDB conditions rather than by
 * reading first (two kiosks racing cannot both win):
 * - one check-in and one check-out per trainee and session (`attribute_not_exists`), and no
 *   photo twice in a session: a sentinel keyed by the photo's SHA-256, in the same transaction,
 *   refuses a replayed picture (e.g. the check-in photo sent again at check-out by someone else);
 * - no photo twice for a trainee, in any session: a second sentinel per trainee and SHA-256 (exact
 *   copies, for ever), and the trainee's recent perceptual hashes in one versioned item, replaced
 *   in the same transaction only if nobody changed it since it was read (near copies: two checks
 *   of one trainee racing with similar photos cannot both compare against the old list);
 * - different trainees per device within 60 s: see DeviceWindowRepository;
 * - failures per trainee and per device within a window opened by the first failure (atomic
 *   `ADD` under a condition), and a lock item when the limit is reached. Items carry `expiresAt`; DynamoDB deletes expired items
 *   only eventually, so readers compare `expiresAt` with the clock themselves.
 */
import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type OutboxItem, outboxPuts, queryAll, TTL_ATTRIBUTE, writeWithOutbox } from '@peixun/shared';
import type { PhotoHashEntry } from '../domain/photo-replay';
import { consumeLiveness, photoFromBurst } from './liveness-repository';
import { cancellationCodes, classAttendanceIndexKey, epochSeconds, INDEX, isConditionFailure, keys, type LimitScope } from './keys';

export interface CheckRecord {
  readonly recordId: string;
  readonly classId: string;
  readonly sessionId: string;
  readonly traineeId: string;
  readonly kind: 'CHECK_IN' | 'CHECK_OUT';
  readonly at: string;
  readonly deviceId: string;
  readonly mode: '1:1' | '1:N';
  readonly engine: string;
  readonly model: string;
  readonly similarity: number;
  readonly threshold: number;
  readonly templateId: string;
  readonly imageHash: string;
  readonly photoKey: string;
  readonly recordedBy: string;
}

export interface ManualRecord {
  readonly recordId: string;
  readonly classId: string;
  readonly sessionId: string;
  readonly traineeId: string;
  readonly reason: string;
  readonly status: 'PENDING' | 'CONFIRMED' | 'REJECTED';
  readonly recordedAt: string;
  readonly recordedBy: string;
  readonly institutionId: string;
  readonly areaCode: string;
  readonly decidedBy?: string;
  readonly decisionReason?: string;
}

/**
 * `PHOTO_REPLAYED`: the trainee already checked with these exact bytes; `PHOTO_REUSED`: someone
 * else did in this session; `HISTORY_CHANGED`: another check of the trainee was saved meanwhile
 * (compare again with the new history and retry).
 */
export type SaveCheckOutcome = 'SAVED' | 'ALREADY_RECORDED' | 'PHOTO_REPLAYED' | 'PHOTO_REUSED' | 'HISTORY_CHANGED' | 'LIVENESS_UNUSABLE';

/** The passed liveness result a check consumes in its own transaction (when liveness is required). */
export interface LivenessUse {
  readonly challengeId: string;
  readonly subjectKey: string;
  /** The embedded check's pass: the check's photo must be one of the passed burst's frames (its SHA-256). */
  readonly photoSha256: string | undefined;
}

/** The trainee's recent photo hashes and the version they were read at (0: none yet). */
export interface PhotoHistory {
  readonly entries: readonly PhotoHashEntry[];
  readonly version: number;
}

/** Attendance facts of a class: check records and manual records, for rates and summaries. */
export interface ClassAttendanceFacts {
  readonly checks: ReadonlyArray<Pick<CheckRecord, 'sessionId' | 'traineeId' | 'kind'>>;
  readonly manual: ReadonlyArray<Pick<ManualRecord, 'sessionId' | 'traineeId' | 'status'>>;
}

export class CheckRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * The record, its photo sentinels, the trainee's photo history (`history` with the new entry,
   * written only if still at the version read) and the outbox items of its events, in one transaction.
   */
  async save(
    record: CheckRecord,
    history: { readonly entries: readonly PhotoHashEntry[]; readonly readVersion: number },
    events: readonly OutboxItem[],
    liveness?: LivenessUse,
  ): Promise<SaveCheckOutcome> {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...keys.check(record.sessionId, record.kind, record.traineeId),
                  gsi1pk: classAttendanceIndexKey(record.classId),
                  gsi1sk: `${record.sessionId}#${record.kind}#${record.traineeId}`,
                  type: 'CHECK',
                  ...record,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: { ...keys.photoInSession(record.sessionId, record.imageHash), recordId: record.recordId },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: { ...keys.photoOfTrainee(record.traineeId, record.imageHash), recordId: record.recordId, sessionId: record.sessionId },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: { ...keys.photoHashes(record.traineeId), entries: history.entries, version: history.readVersion + 1 },
                ConditionExpression: history.readVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :read',
                ...(history.readVersion === 0 ? {} : { ExpressionAttributeValues: { ':read': history.readVersion } }),
              },
            },
            ...(liveness === undefined
              ? []
              : [
                  consumeLiveness(this.tableName, { ...liveness, sessionId: record.sessionId, recordId: record.recordId, now: new Date(record.at) }),
                  ...(liveness.photoSha256 === undefined ? [] : [photoFromBurst(this.tableName, { challengeId: liveness.challengeId, photoSha256: liveness.photoSha256 })]),
                ]),
            ...outboxPuts(this.tableName, events),
          ],
        }),
      );
      return 'SAVED';
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const codes = cancellationCodes(error);
      const [recordExists, inSession, ofTrainee, historyItem, livenessItem, burstFrame] = codes.map((code) => code === 'ConditionalCheckFailed');
      if (recordExists) return 'ALREADY_RECORDED';
      // Used by a concurrent check, or expired since it was read, or (checked before, so never seen
      // in practice) a photo not of its burst: this check has no liveness left.
      if (liveness !== undefined && (livenessItem === true || burstFrame === true)) return 'LIVENESS_UNUSABLE';
      if (ofTrainee) return 'PHOTO_REPLAYED';
      if (inSession) return 'PHOTO_REUSED';
      // A concurrent transaction on one of the items (in AWS: `TransactionConflict`) is a race like a changed history: read again, retry.
      if (historyItem || codes.includes('TransactionConflict')) return 'HISTORY_CHANGED';
      throw error;
    }
  }

  /** The trainee's recent photo hashes, read consistently so the version is the current one. */
  async photoHistory(traineeId: string): Promise<PhotoHistory> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.photoHashes(traineeId), ConsistentRead: true }));
    if (Item === undefined) return { entries: [], version: 0 };
    return { entries: Item.entries as PhotoHashEntry[], version: Number(Item.version) };
  }

  /**
   * Adds one failure and returns how many there were since the window opened. A window opens with
   * the first failure and lasts `windowSeconds`; the next failure after it opens a new one. Both
   * branches are conditional writes, so concurrent failures are all counted.
   */
  async addFailure(scope: LimitScope, id: string, now: Date, windowSeconds: number): Promise<number> {
    const key = keys.failures(scope, id);
    const nowSeconds = epochSeconds(now);
    const cutoff = nowSeconds - windowSeconds;
    for (;;) {
      try {
        const { Attributes } = await this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: key,
            UpdateExpression: 'ADD failures :one',
            ConditionExpression: 'windowStart > :cutoff',
            ExpressionAttributeValues: { ':one': 1, ':cutoff': cutoff },
            ReturnValues: 'UPDATED_NEW',
          }),
        );
        return Number(Attributes?.failures);
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
      try {
        await this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...key, failures: 1, windowStart: nowSeconds, [TTL_ATTRIBUTE]: nowSeconds + windowSeconds },
            ConditionExpression: 'attribute_not_exists(pk) OR windowStart <= :cutoff',
            ExpressionAttributeValues: { ':cutoff': cutoff },
          }),
        );
        return 1;
      } catch (error) {
        // Another failure opened the window first: count this one in it.
        if (!isConditionFailure(error)) throw error;
      }
    }
  }

  async lock(scope: LimitScope, id: string, until: Date): Promise<void> {
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: { ...keys.lock(scope, id), lockedUntil: until.toISOString(), [TTL_ATTRIBUTE]: epochSeconds(until) } }),
    );
  }

  async isLocked(scope: LimitScope, id: string, now: Date): Promise<boolean> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.lock(scope, id), ConsistentRead: true }));
    return Item !== undefined && Number(Item[TTL_ATTRIBUTE]) > epochSeconds(now);
  }

  /** Whether the institution registered a kiosk under this device id. */
  async isKiosk(institutionId: string, deviceId: string): Promise<boolean> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.kiosk(institutionId, deviceId) }));
    return Item !== undefined;
  }

  /**
   * Device ids are the school's own names for its devices, kept per institution: two schools naming
   * a kiosk alike each have their own, and neither learns of the other's. Registering again (another
   * of its sites, a new description) replaces the entry.
   */
  async registerKiosk(deviceId: string, institutionId: string, siteId: string, description: string): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.kiosk(institutionId, deviceId), deviceId, institutionId, siteId, description } }));
  }

  /** One manual record per trainee and session, pending a reviewer. False when one exists. */
  async saveManual(record: ManualRecord): Promise<boolean> {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...keys.manual(record.recordId),
                  gsi1pk: classAttendanceIndexKey(record.classId),
                  gsi1sk: `${record.sessionId}#MANUAL#${record.traineeId}`,
                  type: 'MANUAL',
                  ...record,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: { ...keys.manualInSession(record.sessionId, record.traineeId), recordId: record.recordId },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async getManual(recordId: string): Promise<ManualRecord | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.manual(recordId), ConsistentRead: true }));
    return Item as ManualRecord | undefined;
  }

  /**
   * Decides `record`, read before, once: undefined when it was not pending any more. The outbox
   * items of the decision's events are written with it. Only the decision fields change, so the
   * decided record is the one read plus the decision.
   */
  async decideManual(
    record: ManualRecord,
    status: 'CONFIRMED' | 'REJECTED',
    by: string,
    reason: string,
    events: readonly OutboxItem[],
  ): Promise<ManualRecord | undefined> {
    try {
      await writeWithOutbox(
        this.client,
        this.tableName,
        {
          Update: {
            TableName: this.tableName,
            Key: keys.manual(record.recordId),
            UpdateExpression: 'SET #status = :status, decidedBy = :by, decisionReason = :reason',
            ConditionExpression: '#status = :pending',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':status': status, ':by': by, ':reason': reason, ':pending': 'PENDING' },
          },
        },
        events,
      );
      return { ...record, status, decidedBy: by, decisionReason: reason };
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  async classFacts(classId: string): Promise<ClassAttendanceFacts> {
    const checks: Array<Pick<CheckRecord, 'sessionId' | 'traineeId' | 'kind'>> = [];
    const manual: Array<Pick<ManualRecord, 'sessionId' | 'traineeId' | 'status'>> = [];
    // Check and manual items share the class index; each carries the fields of its own type.
    const items = await queryAll<{ type: string } & Pick<CheckRecord, 'sessionId' | 'traineeId' | 'kind'> & Pick<ManualRecord, 'status'>>(this.client, this.tableName, {
      IndexName: INDEX,
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': classAttendanceIndexKey(classId) },
    });
    for (const item of items) {
      if (item.type === 'CHECK') checks.push({ sessionId: item.sessionId, traineeId: item.traineeId, kind: item.kind });
      if (item.type === 'MANUAL') manual.push({ sessionId: item.sessionId, traineeId: item.traineeId, status: item.status });
    }
    return { checks, manual };
  }
}
