import { GetCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { NotFound, type OutboxItem, type PiiCipher } from '@peixun/shared';
import { TeacherAlreadyRegistered } from '../institutions/teacher-registration';
import type { Teacher, TeacherRegistration } from '../institutions/teachers';
import { getAll } from './batch-requests';
import { withoutStorageKeys } from './table-items';
import { failedConditionIndexes, failedItemString, IF_ABSENT, IF_PRESENT } from './transaction-conflicts';

/**
 * Teacher registry part of the single table:
 * - `TEACHER#<id>` / `PROFILE`: the teacher with every yearly registration (Art. 33);
 * - `TEACHERIDNUMBER#<fingerprint>` / `TEACHER`: sentinel, one registry entry per person.
 */
const keys = {
  teacher: (teacherId: string) => ({ pk: `TEACHER#${teacherId}`, sk: 'PROFILE' }),
  idNumber: (fingerprint: string) => ({ pk: `TEACHERIDNUMBER#${fingerprint}`, sk: 'TEACHER' }),
};

export class TeacherRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly cipher: PiiCipher,
  ) {}

  /**
   * The teacher, the ID-number sentinel and the outbox items of its events, in one transaction.
   * When the person is already in the registry, the refusal carries the existing teacher's id (the
   * sentinel's old value, returned by the failed condition itself: no second read); the caller
   * decides whether it may be shown.
   */
  async register(teacher: Teacher, idNumber: string, events: readonly OutboxItem[]): Promise<void> {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            { ...keys.teacher(teacher.teacherId), ...teacher },
            { ...keys.idNumber(this.cipher.fingerprint(idNumber)), teacherId: teacher.teacherId },
            ...events,
          ].map((Item) => ({ Put: { TableName: this.tableName, Item, ConditionExpression: IF_ABSENT, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const } })),
        }),
      );
    } catch (error) {
      if (failedConditionIndexes(error)?.includes(1)) throw new TeacherAlreadyRegistered(failedItemString(error, 1, 'teacherId'));
      throw error;
    }
  }

  /** Appends a registration (history stays intact for audits, Art. 28) to a teacher that exists, with its events. */
  async addRegistration(teacherId: string, registration: TeacherRegistration, events: readonly OutboxItem[]): Promise<void> {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: keys.teacher(teacherId),
                UpdateExpression: 'SET registrations = list_append(registrations, :registration)',
                ConditionExpression: IF_PRESENT,
                ExpressionAttributeValues: { ':registration': [registration] },
              },
            },
            ...events.map((Item) => ({ Put: { TableName: this.tableName, Item, ConditionExpression: IF_ABSENT } })),
          ],
        }),
      );
    } catch (error) {
      if (failedConditionIndexes(error)?.includes(0)) throw new NotFound('教师', teacherId);
      throw error;
    }
  }

  async find(teacherId: string): Promise<Teacher | undefined> {
    const result = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.teacher(teacherId), ConsistentRead: true }));
    return result.Item === undefined ? undefined : withoutStorageKeys<Teacher>(result.Item);
  }

  /** Teachers named on a class; unknown ids are simply absent from the map (the class rules report them). */
  async findMany(teacherIds: readonly string[]): Promise<Map<string, Teacher>> {
    const items = await getAll<Record<string, unknown>>(this.client, this.tableName, [...new Set(teacherIds)].map(keys.teacher));
    return new Map(items.map((item) => withoutStorageKeys<Teacher>(item)).map((teacher) => [teacher.teacherId, teacher]));
  }
}
