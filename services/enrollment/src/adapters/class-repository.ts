import {
  GetCommand,
  QueryCommand,
  PutCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DomainError, InvalidCursor, type OutboxItem } from '@peixun/shared';
import type { ChangeRequest } from '../classes/change-requests';
import type { ClassApplication } from '../classes/class-application';
import type { ClassLifecycle } from '../classes/workflow';
import type { TeacherSchedule } from '../classes/teacher-schedules';
import type { TraineeSchedule } from '../classes/trainee-schedules';
import { getAll, putAll } from './batch-requests';
import { withoutStorageKeys } from './table-items';
import { failedConditionIndexes, IF_ABSENT } from './transaction-conflicts';

/**
 * Class part of the single table:
 * - `CLASS#<id>` / `CLASS`: the application and its lifecycle (status, version, history), with a
 *   `revision` that grows on every write; every update is conditional on the revision read, so
 *   two people acting on one class at once cannot overwrite each other. Listed by institution
 *   through gsi1 (`INSTITUTION#<id>` / `CLASS#<classId>`) and by approving office through gsi2
 *   (`AREA#<approvingAreaCode>` / `CLASS#<classId>`); class ids sort by creation time.
 * - `CLASS#<id>` / `CHANGE#<changeRequestId>`: a change request (Art. 9), decided at most once.
 * - `TRAINEE#<id>` / `SCHEDULE`: the sessions of every approved class the trainee sits in, also
 *   with a `revision`. See `classes/trainee-schedules.ts` for why overlaps are enforced here.
 * - `TEACHER#<id>` / `SCHEDULE`: the sessions a teacher teaches in approved classes, the same way
 *   (`classes/teacher-schedules.ts`); beside the teacher's `PROFILE` item.
 */
const keys = {
  class: (classId: string) => ({ pk: `CLASS#${classId}`, sk: 'CLASS' }),
  schedule: (traineeId: string) => ({ pk: `TRAINEE#${traineeId}`, sk: 'SCHEDULE' }),
  teacherSchedule: (teacherId: string) => ({ pk: `TEACHER#${teacherId}`, sk: 'SCHEDULE' }),
  changeRequest: (classId: string, changeRequestId: string) => ({ pk: `CLASS#${classId}`, sk: `CHANGE#${changeRequestId}` }),
};

/**
 * A cursor is the last key of a page we gave out: a class item's keys in the list's own index and
 * partition. The handler hands out cursors signed and bound to the caller (shared/src/http/cursor.ts);
 * this check stands on its own all the same: anything else (not our encoding, other attributes,
 * another institution's or office's partition) is refused before it reaches DynamoDB as a start key.
 */
function startKeyOf(cursor: string, index: string, partition: string): Record<string, string> {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursor();
  }
  if (typeof key !== 'object' || key === null || Array.isArray(key)) throw new InvalidCursor();
  const entries = Object.entries(key);
  const names = ['pk', 'sk', `${index}pk`, `${index}sk`];
  if (entries.length !== names.length || !entries.every(([name, value]) => names.includes(name) && typeof value === 'string')) throw new InvalidCursor();
  const start = key as Record<string, string>;
  const classId = /^CLASS#(cls_[0-9a-z]{26})$/.exec(start[`${index}sk`] ?? '')?.[1];
  if (classId === undefined || start[`${index}pk`] !== partition) throw new InvalidCursor();
  const own = keys.class(classId);
  if (start.pk !== own.pk || start.sk !== own.sk) throw new InvalidCursor();
  return start;
}

const STILL_PENDING = '#status = :pending';

export interface ClassRecord {
  readonly application: ClassApplication;
  readonly lifecycle: ClassLifecycle;
  /** Optimistic-lock counter of the stored item. */
  readonly revision: number;
}

/** TransactWriteItems takes at most 100 actions. */
const TRANSACTION_LIMIT = 100;
const SAME_REVISION = 'revision = :revision';

export class ClassModifiedConcurrently extends DomainError {
  constructor(classId: string) {
    super({
      code: 'CLASS_MODIFIED_CONCURRENTLY',
      status: 409,
      title: '班次已被他人修改',
      detail: `班次${classId}在您操作期间已被修改，请刷新后重试。`,
      context: { classId },
    });
  }
}

/** A trainee's or teacher's schedule changed between reading and writing: the caller re-reads and re-checks. */
export class ScheduleChanged extends Error {
  constructor() {
    super('A trainee or teacher schedule changed during the transaction');
    this.name = 'ScheduleChanged';
  }
}

export class ClassRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(application: ClassApplication, lifecycle: ClassLifecycle): Promise<ClassRecord> {
    const record: ClassRecord = { application, lifecycle, revision: 1 };
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: this.item(record), ConditionExpression: IF_ABSENT }));
    return record;
  }

  async find(classId: string): Promise<ClassRecord | undefined> {
    const result = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.class(classId), ConsistentRead: true }));
    if (result.Item === undefined) return undefined;
    const { application, lifecycle, revision } = result.Item as ClassRecord;
    return { application, lifecycle, revision };
  }

  /** Writes the next state of a class read at `previous.revision`. */
  /** Writes the next state of a class read at `previous.revision`, with the outbox items of its events. */
  async save(previous: ClassRecord, next: Omit<ClassRecord, 'revision'>, events: readonly OutboxItem[] = []): Promise<ClassRecord> {
    return this.commit(previous, next, { schedules: [], events });
  }

  /**
   * The class's next state and the trainees' and teachers' new schedules in one transaction, each
   * conditional on the revision it was computed from: either everybody's calendar and the class
   * agree, or nothing is written. A decided change request is written in it too, only if still pending.
   */
  async saveWithSchedules(
    previous: ClassRecord,
    next: Omit<ClassRecord, 'revision'>,
    schedules: readonly TraineeSchedule[],
    options: { teacherSchedules?: readonly TeacherSchedule[]; decidedChange?: ChangeRequest; events: readonly OutboxItem[] },
  ): Promise<ClassRecord> {
    return this.commit(previous, next, { schedules, ...options });
  }

  private async commit(
    previous: ClassRecord,
    next: Omit<ClassRecord, 'revision'>,
    {
      schedules,
      teacherSchedules = [],
      decidedChange,
      events,
    }: { schedules: readonly TraineeSchedule[]; teacherSchedules?: readonly TeacherSchedule[]; decidedChange?: ChangeRequest; events: readonly OutboxItem[] },
  ): Promise<ClassRecord> {
    const record = { ...next, revision: previous.revision + 1 };
    const state = [
      {
        Put: {
          TableName: this.tableName,
          Item: this.item(record),
          ConditionExpression: SAME_REVISION,
          ExpressionAttributeValues: { ':revision': previous.revision },
        },
      },
      ...schedules.map((schedule) => this.schedulePut(keys.schedule(schedule.traineeId), schedule)),
      ...teacherSchedules.map((schedule) => this.schedulePut(keys.teacherSchedule(schedule.teacherId), schedule)),
      ...(decidedChange === undefined ? [] : [{ Put: this.decidedChangePut(decidedChange) }]),
    ];
    if (state.length > TRANSACTION_LIMIT) {
      throw new Error(
        `A class of ${schedules.length} trainees and ${teacherSchedules.length} teachers exceeds one transaction; the class-size rules keep trainees at 60`,
      );
    }
    // An approval announces every trainee and session too; what does not fit the transaction is
    // written right after it. The first event (Class.Approved, with the whole snapshot) is always inside.
    const inside = events.slice(0, TRANSACTION_LIMIT - state.length);
    const after = events.slice(inside.length);
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [...state, ...inside.map((Item) => ({ Put: { TableName: this.tableName, Item, ConditionExpression: IF_ABSENT } }))],
        }),
      );
    } catch (error) {
      const failed = failedConditionIndexes(error);
      if (failed?.includes(0) || (decidedChange !== undefined && failed?.includes(state.length - 1))) {
        throw new ClassModifiedConcurrently(previous.lifecycle.classId);
      }
      if (failed !== undefined) throw new ScheduleChanged();
      throw error;
    }
    await putAll(this.client, this.tableName, after.map((item) => ({ ...item })));
    return record;
  }

  /** A schedule written at the revision after the one it was computed from, or created if it was never stored. */
  private schedulePut(key: { pk: string; sk: string }, schedule: TraineeSchedule | TeacherSchedule) {
    return {
      Put: {
        TableName: this.tableName,
        Item: { ...key, ...schedule, revision: schedule.revision + 1 },
        ConditionExpression: schedule.revision === 0 ? IF_ABSENT : SAME_REVISION,
        ...(schedule.revision === 0 ? {} : { ExpressionAttributeValues: { ':revision': schedule.revision } }),
      },
    };
  }

  /** Every requested teacher gets a schedule; one never written is empty at revision 0. */
  async teacherSchedules(teacherIds: readonly string[]): Promise<Map<string, TeacherSchedule>> {
    const found = new Map<string, TeacherSchedule>(teacherIds.map((teacherId) => [teacherId, { teacherId, revision: 0, classes: {} }]));
    for (const { teacherId, revision, classes } of await getAll<TeacherSchedule>(this.client, this.tableName, [...found.keys()].map(keys.teacherSchedule))) {
      found.set(teacherId, { teacherId, revision, classes });
    }
    return found;
  }

  /** Every requested trainee gets a schedule; one never written is empty at revision 0. */
  async schedules(traineeIds: readonly string[]): Promise<Map<string, TraineeSchedule>> {
    const found = new Map<string, TraineeSchedule>(traineeIds.map((traineeId) => [traineeId, { traineeId, revision: 0, classes: {} }]));
    for (const { traineeId, revision, classes } of await getAll<TraineeSchedule>(this.client, this.tableName, [...found.keys()].map(keys.schedule))) {
      found.set(traineeId, { traineeId, revision, classes });
    }
    return found;
  }

  /** One page of an institution's or an office's classes, newest first. */
  async list(
    by: { institutionId: string } | { approvingAreaCode: string },
    options: { status?: ClassLifecycle['status']; cursor?: string; pageSize: number },
  ): Promise<{ records: ClassRecord[]; nextCursor?: string }> {
    const [index, partition] = 'institutionId' in by ? ['gsi1', `INSTITUTION#${by.institutionId}`] : ['gsi2', `AREA#${by.approvingAreaCode}`];
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :class)',
        ExpressionAttributeNames: { '#pk': `${index}pk`, '#sk': `${index}sk`, ...(options.status === undefined ? {} : { '#status': 'status' }) },
        ExpressionAttributeValues: { ':pk': partition, ':class': 'CLASS#', ...(options.status === undefined ? {} : { ':status': options.status }) },
        ...(options.status === undefined ? {} : { FilterExpression: 'lifecycle.#status = :status' }),
        ScanIndexForward: false,
        Limit: options.pageSize,
        ...(options.cursor === undefined ? {} : { ExclusiveStartKey: startKeyOf(options.cursor, index, partition) }),
      }),
    );
    const records = (result.Items ?? []).map((item) => {
      const { application, lifecycle, revision } = item as ClassRecord;
      return { application, lifecycle, revision };
    });
    const last = result.LastEvaluatedKey;
    return { records, ...(last === undefined ? {} : { nextCursor: Buffer.from(JSON.stringify(last), 'utf8').toString('base64url') }) };
  }

  async createChangeRequest(request: ChangeRequest): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.changeRequest(request.classId, request.changeRequestId), ...request },
        ConditionExpression: IF_ABSENT,
      }),
    );
  }

  async findChangeRequest(classId: string, changeRequestId: string): Promise<ChangeRequest | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.changeRequest(classId, changeRequestId), ConsistentRead: true }),
    );
    return result.Item === undefined ? undefined : withoutStorageKeys<ChangeRequest>(result.Item);
  }

  /** A refusal changes only the request, and only while it is still pending. */
  async saveRejectedChange(request: ChangeRequest): Promise<void> {
    try {
      await this.client.send(new PutCommand(this.decidedChangePut(request)));
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new ClassModifiedConcurrently(request.classId);
      throw error;
    }
  }

  private decidedChangePut(request: ChangeRequest) {
    return {
      TableName: this.tableName,
      Item: { ...keys.changeRequest(request.classId, request.changeRequestId), ...request },
      ConditionExpression: STILL_PENDING,
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':pending': 'PENDING' },
    };
  }

  private item(record: ClassRecord) {
    return {
      ...keys.class(record.lifecycle.classId),
      gsi1pk: `INSTITUTION#${record.lifecycle.institutionId}`,
      gsi1sk: `CLASS#${record.lifecycle.classId}`,
      gsi2pk: `AREA#${record.lifecycle.approvingAreaCode}`,
      gsi2sk: `CLASS#${record.lifecycle.classId}`,
      ...record,
    };
  }
}
