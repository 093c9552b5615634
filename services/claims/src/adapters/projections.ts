import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryAll } from '@peixun/shared';
import type { ClassFacts, RosterMember } from '../domain/training-line';
import type { CertificateLevel } from '@peixun/shared';
import { accountKey, attendanceKey, classKey, institutionKey, manualRecordKey, missingRecordingKey, standardKey, traineeKey } from './table-keys';

export interface TraineeFacts {
  readonly traineeId: string;
  readonly name: string;
  readonly idNumberMasked: string;
  readonly regionCode: string;
  /** Trainee.Frozen: a verified registration took over the record's ID number; no more claims for it. */
  readonly frozenAt?: string;
}

export interface ProjectedClass extends ClassFacts {
  readonly classVersion: number;
  readonly roster: readonly RosterMember[];
  readonly sessionIds: readonly string[];
  readonly completed: boolean;
  readonly cancelled: boolean;
}

export interface AttendanceFacts {
  readonly classVersion: number;
  readonly trainees: ReadonlyArray<{ traineeId: string; ratePercent: number; completed: boolean }>;
}

/** The catalogue's subsidy of an occupation and level, as the latest approved class carried it. */
export interface Standard {
  readonly subsidyFen: number;
  readonly catalogueVersion: string;
}

/** The facts an account link copies, when all of them are known. */
function traineeCopyOf(trainee: Partial<TraineeFacts>): Omit<TraineeFacts, 'frozenAt'> | undefined {
  const { traineeId, name, idNumberMasked, regionCode } = trainee;
  if (typeof traineeId !== 'string' || typeof name !== 'string' || typeof idNumberMasked !== 'string' || typeof regionCode !== 'string') return undefined;
  return { traineeId, name, idNumberMasked, regionCode };
}

/** An `ACCOUNT#<sub>` item as the link it holds: the trainee's id, and the copy of its facts when it has one. */
export function accountLinkOf(item: Record<string, unknown> | undefined): { traineeId: string; trainee?: TraineeFacts } | undefined {
  if (typeof item?.traineeId !== 'string') return undefined;
  const copy = typeof item.trainee === 'object' && item.trainee !== null ? traineeCopyOf(item.trainee as Partial<TraineeFacts>) : undefined;
  return copy === undefined || copy.traineeId !== item.traineeId ? { traineeId: item.traineeId } : { traineeId: item.traineeId, trainee: copy };
}

const isConditionFailure = (error: unknown): boolean => error instanceof Error && error.name === 'ConditionalCheckFailedException';

/**
 * What claims keeps of other services' events. Each write is idempotent and conditional on the
 * class version where one exists, so late and repeated deliveries do no harm.
 */
export class Projections {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private async get<T>(key: { pk: string; sk: string }): Promise<T | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: key }));
    return Item as T | undefined;
  }

  /**
   * Written with SET, not a whole-item put, so a freeze that arrived first (events come out of order)
   * is kept. A login that registered itself is linked to the trainee, with a copy of its facts.
   */
  async putTrainee(trainee: Omit<TraineeFacts, 'frozenAt'>, accountSub: string | undefined): Promise<void> {
    const fields = Object.entries(trainee);
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: traineeKey(trainee.traineeId),
        UpdateExpression: `SET ${fields.map(([field]) => `#${field} = :${field}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(fields.map(([field]) => [`#${field}`, field])),
        ExpressionAttributeValues: Object.fromEntries(fields.map(([field, value]) => [`:${field}`, value])),
      }),
    );
    if (accountSub !== undefined) await this.putAccountLink(accountSub, trainee.traineeId, trainee);
  }

  /** Trainee.AccountLinked: the copy of the trainee's facts if they are known already (events come out of order). */
  async linkAccount(sub: string, traineeId: string): Promise<void> {
    await this.putAccountLink(sub, traineeId, await this.trainee(traineeId));
  }

  /**
   * Which trainee a login acts as, with a copy of that trainee's name, masked ID number and region
   * (not its freeze): a direct claim then finds both in one read. The copy is never trusted on its
   * own — the claim's transaction is conditional on the trainee item still holding these facts
   * unfrozen — so a copy gone stale (a later correction, a freeze) costs a second read, nothing more.
   */
  private async putAccountLink(sub: string, traineeId: string, trainee: Partial<TraineeFacts> | undefined): Promise<void> {
    const copy = trainee === undefined ? undefined : traineeCopyOf({ ...trainee, traineeId });
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...accountKey(sub), traineeId, ...(copy === undefined ? {} : { trainee: copy }) } }));
  }

  /**
   * Trainee.Frozen. Final (enrollment never unfreezes a record): the first time is kept, a repeat
   * changes nothing, and a freeze before the registration creates the item the registration completes.
   */
  async freezeTrainee(traineeId: string, frozenAt: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: traineeKey(traineeId),
        UpdateExpression: 'SET traineeId = :traineeId, frozenAt = if_not_exists(frozenAt, :at)',
        ExpressionAttributeValues: { ':traineeId': traineeId, ':at': frozenAt },
      }),
    );
  }

  trainee = (traineeId: string) => this.get<TraineeFacts>(traineeKey(traineeId));

  async traineeOfAccount(sub: string): Promise<TraineeFacts | undefined> {
    const link = accountLinkOf(await this.get<Record<string, unknown>>(accountKey(sub)));
    return link === undefined ? undefined : this.trainee(link.traineeId);
  }

  async putInstitution(institutionId: string, name: string): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...institutionKey(institutionId), institutionId, name } }));
  }

  institution = (institutionId: string) => this.get<{ name: string }>(institutionKey(institutionId));

  /** Only a newer class version replaces the stored one; completion and cancellation are kept. */
  async putClass(klass: Omit<ProjectedClass, 'completed' | 'cancelled'>): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: classKey(klass.classId),
          UpdateExpression: `SET ${Object.keys(klass).map((field) => `#${field} = :${field}`).join(', ')}`,
          ConditionExpression: 'attribute_not_exists(#classVersion) OR #classVersion < :classVersion',
          ExpressionAttributeNames: Object.fromEntries(Object.keys(klass).map((field) => [`#${field}`, field])),
          ExpressionAttributeValues: Object.fromEntries(Object.entries(klass).map(([field, value]) => [`:${field}`, value])),
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  /** Completion may arrive before the approval snapshot: it is stored on its own and kept. */
  async markClass(classId: string, flag: 'completed' | 'cancelled'): Promise<void> {
    await this.client.send(
      new UpdateCommand({ TableName: this.tableName, Key: classKey(classId), UpdateExpression: 'SET #flag = :true', ExpressionAttributeNames: { '#flag': flag }, ExpressionAttributeValues: { ':true': true } }),
    );
  }

  async klass(classId: string): Promise<ProjectedClass | undefined> {
    const item = await this.get<Partial<ProjectedClass>>(classKey(classId));
    if (item?.classVersion === undefined) return undefined;
    return { ...(item as ProjectedClass), completed: item.completed === true, cancelled: item.cancelled === true };
  }

  async putAttendance(classId: string, facts: AttendanceFacts): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...attendanceKey(classId), ...facts },
          ConditionExpression: 'attribute_not_exists(classVersion) OR classVersion <= :v',
          ExpressionAttributeValues: { ':v': facts.classVersion },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  /**
   * The catalogue's subsidy per occupation and level, as the latest approved class carried it (the
   * version in force at that approval); a direct subsidy is paid at this standard.
   */
  async putStandard(occupationCode: string, level: CertificateLevel, subsidyFen: number, catalogueVersion: string, approvedAt: string): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...standardKey(occupationCode, level), subsidyFen, catalogueVersion, approvedAt },
          ConditionExpression: 'attribute_not_exists(approvedAt) OR approvedAt <= :at',
          ExpressionAttributeValues: { ':at': approvedAt },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  attendance = (classId: string) => this.get<AttendanceFacts>(attendanceKey(classId));

  async putManualRecord(classId: string, traineeId: string, recordId: string): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...manualRecordKey(classId, traineeId, recordId), traineeId } }));
  }

  async putMissingRecording(classId: string, sessionId: string): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...missingRecordingKey(classId, sessionId), sessionId } }));
  }

  /** Manual attendance records per trainee and sessions without a recording, for the lines' warnings. */
  async classWarnings(classId: string): Promise<{ manualByTrainee: Map<string, number>; missingSessions: string[] }> {
    const items = await queryAll(this.client, this.tableName, {
      KeyConditionExpression: 'pk = :p AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':p': classKey(classId).pk, ':from': 'MANUAL#', ':to': 'MISSING#~' },
    });
    const manualByTrainee = new Map<string, number>();
    const missingSessions: string[] = [];
    for (const item of items) {
      const sk = String(item.sk);
      if (sk.startsWith('MANUAL#')) manualByTrainee.set(String(item.traineeId), (manualByTrainee.get(String(item.traineeId)) ?? 0) + 1);
      else if (sk.startsWith('MISSING#')) missingSessions.push(String(item.sessionId));
    }
    return { manualByTrainee, missingSessions };
  }
}
