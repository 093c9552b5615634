import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type OutboxItem, queryAll, stateConditionFailed, writeWithOutbox } from '@peixun/shared';
import { recordingRequirement } from '../domain/recording-requirement';
import type { ProjectedSession } from '../domain/session';
import type { SessionRecordingState } from '../domain/session-recording';
import { classPartition, MISSING_CHECK_PARTITION, sessionInClass, sessionKey, utcSortKey } from './table-keys';

const FACT_FIELDS = ['classId', 'classVersion', 'institutionId', 'areaCode', 'startsAt', 'endsAt', 'recording', 'cancelled'] as const;

/** A cancellation that arrived before its session is kept as a tombstone without facts. */
function fromItem(item: Record<string, unknown>): ProjectedSession | undefined {
  if (item.startsAt === undefined) return undefined;
  return {
    sessionId: String(item.sessionId),
    ...(Object.fromEntries(FACT_FIELDS.map((field) => [field, item[field]])) as Omit<ProjectedSession, 'sessionId'>),
  };
}

/**
 * The session projection. Writes are conditional on the class version: an older snapshot never
 * replaces a newer one, and the same version again (a redelivery) is a harmless rewrite — except
 * that it never revives a session that version cancelled.
 */
export class SessionRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Returns false when a newer (or equally new, cancelling) version is already stored. */
  async project(session: ProjectedSession): Promise<boolean> {
    const expected = !session.cancelled && recordingRequirement(session.recording).kind === 'VIDEO';
    const names: Record<string, string> = { '#v': 'classVersion', '#c': 'cancelled' };
    const values: Record<string, unknown> = {
      ':sessionId': session.sessionId,
      ':classKey': classPartition(session.classId),
      ':classSort': sessionInClass(session.sessionId),
    };
    const sets = ['sessionId = :sessionId', 'gsi1pk = :classKey', 'gsi1sk = :classSort'];
    for (const field of FACT_FIELDS) {
      names[`#${field}`] = field;
      values[`:${field}`] = session[field];
      sets.push(`#${field} = :${field}`);
    }
    if (expected) {
      // Listed for the missing-recording schedule until a verdict is reached.
      sets.push('gsi2pk = :check', 'gsi2sk = :due');
      values[':check'] = MISSING_CHECK_PARTITION;
      values[':due'] = `${utcSortKey(session.endsAt)}#${session.sessionId}`;
    }
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: sessionKey(session.sessionId),
          UpdateExpression: `SET ${sets.join(', ')}${expected ? '' : ' REMOVE gsi2pk, gsi2sk'}`,
          // A session belongs to one class for good: another class's event never takes it over.
          ConditionExpression: 'attribute_not_exists(pk) OR (#classId = :classId AND (#v < :classVersion OR (#v = :classVersion AND #c = :false)))',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: { ...values, ':false': false },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** Whether the session's recording is complete, and the revision to write the next verdict against. */
  async recordingState(sessionId: string): Promise<SessionRecordingState> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: sessionKey(sessionId), ConsistentRead: true }));
    const revision = typeof Item?.recordingRevision === 'number' ? Item.recordingRevision : 0;
    const completeAt = typeof Item?.recordingCompleteAt === 'string' ? Item.recordingCompleteAt : undefined;
    return { revision, ...(completeAt === undefined ? {} : { completeAt }) };
  }

  async find(sessionId: string): Promise<ProjectedSession | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: sessionKey(sessionId) }));
    return Item === undefined ? undefined : fromItem(Item);
  }

  /**
   * Session.Cancelled (or a session dropped from a newer class snapshot). Kept, marked cancelled
   * and off the missing-recording list; written even before the session is known, so a late
   * Session.Scheduled of the same or an older version cannot bring it back.
   */
  async cancel(input: { sessionId: string; classId: string; classVersion: number }): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: sessionKey(input.sessionId),
          UpdateExpression: 'SET sessionId = :sessionId, classId = :classId, #v = :classVersion, #c = :true REMOVE gsi2pk, gsi2sk',
          ConditionExpression: 'attribute_not_exists(pk) OR (classId = :classId AND #v <= :classVersion)',
          ExpressionAttributeNames: { '#v': 'classVersion', '#c': 'cancelled' },
          ExpressionAttributeValues: { ':sessionId': input.sessionId, ':classId': input.classId, ':classVersion': input.classVersion, ':true': true },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  /** Schedule order. */
  async ofClass(classId: string): Promise<ProjectedSession[]> {
    const items = await queryAll(this.client, this.tableName, {
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)',
      FilterExpression: 'sk = :session',
      ExpressionAttributeValues: { ':pk': classPartition(classId), ':prefix': 'SESSION#', ':session': 'SESSION' },
    });
    return items.flatMap((item) => fromItem(item) ?? []).sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
  }

  /** Sessions still awaiting a missing-recording verdict that ended at or before `endedBy`. */
  async awaitingMissingCheck(endedBy: Date): Promise<ProjectedSession[]> {
    const items = await queryAll(this.client, this.tableName, {
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk <= :until',
      // '#' sorts after the ISO time, '~' after any session id: every session ended by then.
      ExpressionAttributeValues: { ':pk': MISSING_CHECK_PARTITION, ':until': `${endedBy.toISOString()}#~` },
    });
    return items.flatMap((item) => fromItem(item) ?? []);
  }

  /**
   * The verdict is reached (missing raised, or a recording exists, or none is needed): off the
   * schedule's list, with the outbox items of the verdict's events. Conditional on the end time
   * read, so a session moved meanwhile stays listed, announces nothing and false is returned.
   */
  async settleMissingCheck(session: ProjectedSession, verdict: 'RAISED' | 'NOT_MISSING', at: Date, events: readonly OutboxItem[] = []): Promise<boolean> {
    try {
      await writeWithOutbox(
        this.client,
        this.tableName,
        {
          Update: {
            TableName: this.tableName,
            Key: sessionKey(session.sessionId),
            UpdateExpression: 'SET missingVerdict = :verdict, missingCheckedAt = :at REMOVE gsi2pk, gsi2sk',
            ConditionExpression: 'endsAt = :endsAt',
            ExpressionAttributeValues: { ':verdict': verdict, ':at': at.toISOString(), ':endsAt': session.endsAt },
          },
        },
        events,
      );
      return true;
    } catch (error) {
      if (stateConditionFailed(error)) return false;
      throw error;
    }
  }
}
