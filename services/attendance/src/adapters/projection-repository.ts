/**
 * The attendance service's own copy of what enrollment decided (classes, sessions, rosters,
 * trainees), kept from events. Deliveries come at least once and out of order, so every write is
 * conditional on the class version: an item keeps the highest `classVersion` it has seen and an
 * older event changes nothing (a repeat of the same version rewrites the same values).
 */
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type ClassSnapshot, queryAll } from '@peixun/shared';
import { classSessionsIndexKey, INDEX, isConditionFailure, keys, traineeClassesIndexKey } from './keys';

/**
 * A login the projection already maps to another trainee. Enrollment never links one login to two
 * people, so this means the two services disagree: the event fails (retries, then the DLQ and its
 * alarm) instead of letting the login act as a different person. The login's sub is not logged.
 */
export class AccountLinkConflict extends Error {
  constructor(readonly context: { traineeId: string; linkedTraineeId: string | undefined }) {
    super(`Login already linked to trainee ${context.linkedTraineeId ?? '(unknown)'}, not to ${context.traineeId}`);
    this.name = 'AccountLinkConflict';
  }
}

export type ClassStatus = 'APPROVED' | 'COMPLETED' | 'CANCELLED';

export interface ProjectedClass {
  readonly classId: string;
  readonly classVersion: number;
  readonly status: ClassStatus;
  readonly institutionId: string;
  readonly approvingAreaCode: string;
  /** The class's own completion threshold from its snapshot; absent on a tombstone (cancelled/completed before approval arrived). */
  readonly completionAttendancePercent?: number;
}

export interface ProjectedSession {
  readonly sessionId: string;
  readonly classId: string;
  readonly classVersion: number;
  readonly status: 'SCHEDULED' | 'CANCELLED';
  readonly startsAt?: string;
  readonly endsAt?: string;
}

export interface ProjectedTrainee {
  readonly traineeId: string;
  readonly name: string;
  readonly regionCode: string;
  readonly biometricConsentAt: string | undefined;
  /** Trainee.FaceConsentWithdrawn: no face enrolment or face check any more; the manual path remains. */
  readonly faceConsentWithdrawnAt?: string;
  /** Trainee.Frozen: a verified registration took over the record's ID number; no more checks. */
  readonly frozenAt?: string;
}

export interface SessionTimes {
  readonly sessionId: string;
  readonly startsAt: string;
  readonly endsAt: string;
}

/**
 * Every projected item belongs to one class; a session id (unique across classes, see
 * `sessionIdFor`) arriving for another class never takes over the stored item.
 */
const NEWER_OR_SAME = 'attribute_not_exists(pk) OR (classId = :classId AND classVersion <= :version)';
/**
 * A snapshot (always status APPROVED) must not revive a class that was completed or cancelled at
 * the same version, should the snapshot arrive late: only a newer version or an approved class of
 * the same version is overwritten.
 */
const SNAPSHOT_MAY_REPLACE = 'attribute_not_exists(pk) OR classVersion < :version OR (classVersion = :version AND #status = :approved)';

export class ProjectionRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Class.Approved / Class.Changed: the full snapshot. Returns false when the class item kept a newer state. */
  async applySnapshot(snapshot: ClassSnapshot): Promise<boolean> {
    const applied = await this.putClass({
      ...keys.class(snapshot.classId),
      classId: snapshot.classId,
      classVersion: snapshot.classVersion,
      status: 'APPROVED',
      institutionId: snapshot.institutionId,
      approvingAreaCode: snapshot.approvingAreaCode,
      completionAttendancePercent: snapshot.completionAttendancePercent,
    });
    // Sessions and members are written even when the class item kept a newer state (e.g. the
    // cancellation came first): each is versioned on its own, so nothing newer is overwritten, and
    // a check to such a session then answers CLASS_CANCELLED rather than SESSION_NOT_FOUND.
    await Promise.all(snapshot.sessions.map((session) => this.putSession(snapshot.classId, snapshot.classVersion, session)));
    const onRoster = new Set(snapshot.roster.map((member) => member.traineeId));
    await Promise.all(snapshot.roster.map((member) => this.putMember(snapshot.classId, snapshot.classVersion, member.traineeId, 'ENROLLED')));
    // A snapshot is the whole roster: whoever is missing from it has left the class.
    const gone = (await this.memberIds(snapshot.classId, 'ENROLLED')).filter((traineeId) => !onRoster.has(traineeId));
    await Promise.all(gone.map((traineeId) => this.putMember(snapshot.classId, snapshot.classVersion, traineeId, 'WITHDRAWN')));
    return applied;
  }

  /**
   * Class.Completed / Class.Cancelled. Also when the class was never seen: the tombstone keeps a
   * late, older snapshot from reopening it.
   */
  async setClassStatus(
    classId: string,
    classVersion: number,
    status: Exclude<ClassStatus, 'APPROVED'>,
    owner: { institutionId: string; approvingAreaCode: string },
  ): Promise<void> {
    // The owner travels with the closing event, so a tombstone still says whose class it is.
    await this.conditionalUpdate(keys.class(classId), classVersion, { status, classId, ...owner });
  }

  async putSession(classId: string, classVersion: number, session: SessionTimes): Promise<void> {
    await this.versioned({
      ...keys.session(session.sessionId),
      gsi1pk: classSessionsIndexKey(classId),
      gsi1sk: session.sessionId,
      sessionId: session.sessionId,
      classId,
      classVersion,
      status: 'SCHEDULED',
      startsAt: session.startsAt,
      endsAt: session.endsAt,
    });
  }

  /** Also when the session was never seen: the tombstone keeps a late, older "scheduled" from reviving it. */
  async cancelSession(classId: string, classVersion: number, sessionId: string): Promise<void> {
    await this.conditionalUpdate(keys.session(sessionId), classVersion, {
      status: 'CANCELLED',
      classId,
      sessionId,
      gsi1pk: classSessionsIndexKey(classId),
      gsi1sk: sessionId,
    });
  }

  /** Site ids are enrollment's and never reused, so a redelivery rewrites the same owner. */
  async putSite(siteId: string, institutionId: string): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.site(siteId), siteId, institutionId } }));
  }

  async siteInstitution(siteId: string): Promise<string | undefined> {
    return (await this.get<{ institutionId: string }>(keys.site(siteId)))?.institutionId;
  }

  async putMember(classId: string, classVersion: number, traineeId: string, status: 'ENROLLED' | 'WITHDRAWN'): Promise<void> {
    await this.versioned({
      ...keys.member(classId, traineeId),
      gsi1pk: traineeClassesIndexKey(traineeId),
      gsi1sk: `CLASS#${classId}`,
      classId,
      traineeId,
      classVersion,
      status,
    });
  }

  /**
   * Trainee.Registered: the registration itself never changes, so a repeat simply rewrites it.
   * Written with SET, not a whole-item put, so a withdrawal of face consent that arrived first
   * (events come out of order) is kept.
   */
  async putTrainee(trainee: Omit<ProjectedTrainee, 'faceConsentWithdrawnAt' | 'frozenAt'>, accountSub: string | undefined): Promise<void> {
    const values = Object.entries(trainee).filter(([, value]) => value !== undefined);
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.trainee(trainee.traineeId),
        UpdateExpression: `SET ${values.map((_, i) => `#n${i} = :v${i}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(values.map(([name], i) => [`#n${i}`, name])),
        ExpressionAttributeValues: Object.fromEntries(values.map(([, value], i) => [`:v${i}`, value])),
      }),
    );
    if (accountSub !== undefined) await this.linkAccount(accountSub, trainee.traineeId);
  }

  /**
   * A trainee login acts as this trainee from now on: self-registration (`Trainee.Registered` by
   * the trainee) or a login claiming a record a school registered (`Trainee.AccountLinked`).
   * Enrollment lets one login hold one person and one person one login, so the item is written
   * only when absent or already the same (repeats and either order of the two events are no-ops);
   * a login already mapped to someone else is refused loudly rather than switched silently.
   */
  async linkAccount(accountSub: string, traineeId: string, linkedAt?: string): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.account(accountSub), traineeId, ...(linkedAt === undefined ? {} : { linkedAt }) },
          ConditionExpression: 'attribute_not_exists(pk) OR traineeId = :traineeId',
          ExpressionAttributeValues: { ':traineeId': traineeId },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const current = await this.traineeIdForAccount(accountSub);
      if (current !== traineeId) throw new AccountLinkConflict({ traineeId, linkedTraineeId: current });
    }
  }

  /**
   * Trainee.FaceConsentWithdrawn. Keeps the first withdrawal time, so a repeated event changes
   * nothing; creates the trainee item when the registration has not arrived yet.
   */
  async withdrawFaceConsent(traineeId: string, withdrawnAt: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.trainee(traineeId),
        UpdateExpression: 'SET traineeId = :traineeId, faceConsentWithdrawnAt = if_not_exists(faceConsentWithdrawnAt, :at)',
        ExpressionAttributeValues: { ':traineeId': traineeId, ':at': withdrawnAt },
      }),
    );
  }

  /**
   * Trainee.Frozen. Freezing is final (enrollment never unfreezes a record), so the first time is
   * kept and a repeat changes nothing; a freeze arriving before the registration creates the item,
   * which the registration's `SET` then completes without clearing it.
   */
  async freezeTrainee(traineeId: string, frozenAt: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.trainee(traineeId),
        UpdateExpression: 'SET traineeId = :traineeId, frozenAt = if_not_exists(frozenAt, :at)',
        ExpressionAttributeValues: { ':traineeId': traineeId, ':at': frozenAt },
      }),
    );
  }

  async getClass(classId: string): Promise<ProjectedClass | undefined> {
    return this.get<ProjectedClass>(keys.class(classId));
  }

  async getSession(sessionId: string): Promise<ProjectedSession | undefined> {
    return this.get<ProjectedSession>(keys.session(sessionId));
  }

  async getTrainee(traineeId: string): Promise<ProjectedTrainee | undefined> {
    return this.get<ProjectedTrainee>(keys.trainee(traineeId));
  }

  async traineeIdForAccount(sub: string): Promise<string | undefined> {
    return (await this.get<{ traineeId: string }>(keys.account(sub)))?.traineeId;
  }

  async memberIds(classId: string, status: 'ENROLLED' | 'WITHDRAWN'): Promise<string[]> {
    const members = await queryAll<{ traineeId: string; status: string }>(this.client, this.tableName, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :member)',
      ExpressionAttributeValues: { ':pk': keys.class(classId).pk, ':member': 'MEMBER#' },
      ConsistentRead: true,
    });
    return members.filter((member) => member.status === status).map((member) => member.traineeId);
  }

  async isEnrolled(classId: string, traineeId: string): Promise<boolean> {
    return (await this.get<{ status: string }>(keys.member(classId, traineeId)))?.status === 'ENROLLED';
  }

  /** Sessions that still count (not cancelled), with their times. */
  async scheduledSessions(classId: string): Promise<ProjectedSession[]> {
    const sessions = await queryAll<ProjectedSession>(this.client, this.tableName, {
      IndexName: INDEX,
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': classSessionsIndexKey(classId) },
    });
    return sessions.filter((session) => session.status === 'SCHEDULED');
  }

  /** Classes the trainee is or was on the roster of. */
  async classIdsOf(traineeId: string): Promise<string[]> {
    const members = await queryAll<{ classId: string; status: string }>(this.client, this.tableName, {
      IndexName: INDEX,
      KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :class)',
      ExpressionAttributeValues: { ':pk': traineeClassesIndexKey(traineeId), ':class': 'CLASS#' },
    });
    return members.filter((member) => member.status === 'ENROLLED').map((member) => member.classId);
  }

  private async putClass(item: Record<string, unknown> & { classVersion: number }): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: SNAPSHOT_MAY_REPLACE,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':version': item.classVersion, ':approved': 'APPROVED' },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  private async versioned(item: Record<string, unknown> & { classId: string; classVersion: number }): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: NEWER_OR_SAME,
          ExpressionAttributeValues: { ':version': item.classVersion, ':classId': item.classId },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  private async conditionalUpdate(key: { pk: string; sk: string }, classVersion: number, values: Record<string, string> & { classId: string }): Promise<void> {
    const names = Object.keys(values);
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: `SET classVersion = :version, ${names.map((name, i) => `#n${i} = :v${i}`).join(', ')}`,
          ConditionExpression: NEWER_OR_SAME,
          ExpressionAttributeNames: Object.fromEntries(names.map((name, i) => [`#n${i}`, name])),
          ExpressionAttributeValues: { ':version': classVersion, ':classId': values.classId, ...Object.fromEntries(names.map((name, i) => [`:v${i}`, values[name]])) },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  private async get<T>(key: { pk: string; sk: string }): Promise<T | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    return Item as T | undefined;
  }
}
