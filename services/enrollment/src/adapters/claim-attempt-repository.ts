import { BatchGetCommand, type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { newId, TTL_ATTRIBUTE } from '@peixun/shared';
import { CLAIM_LIMITS, type ClaimSubject, type GuessableRoute } from '../domain/claim-attempts';

/**
 * Failures on the guessable routes (claims, self-registration), lock-outs and their anomalies, each an item that DynamoDB's TTL removes:
 * - `CLAIM_FAILURES#<scope>#<id>` / `WINDOW`: failures in the current hour, counted by an atomic ADD;
 * - `CLAIM_LOCK#<scope>#<id>` / `LOCK`: the lock-out, until `expiresAt`;
 * - `ANOMALY#<id>` / `ANOMALY`: the lock-out recorded as an anomaly.
 * TTL deletes late, so every read compares `expiresAt` with the clock itself.
 */
const keys = {
  failures: ({ scope, id }: ClaimSubject) => ({ pk: `CLAIM_FAILURES#${scope}#${id}`, sk: 'WINDOW' }),
  lock: ({ scope, id }: ClaimSubject) => ({ pk: `CLAIM_LOCK#${scope}#${id}`, sk: 'LOCK' }),
};

const epochSeconds = (date: Date): number => Math.floor(date.getTime() / 1000);

export class ClaimAttemptRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** The subjects locked out at `now`. */
  async locked(subjects: readonly ClaimSubject[], now: Date): Promise<ClaimSubject[]> {
    const { Responses } = await this.client.send(
      new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: subjects.map(keys.lock), ConsistentRead: true } } }),
    );
    const live = new Set((Responses?.[this.tableName] ?? []).filter((item) => Number(item[TTL_ATTRIBUTE]) > epochSeconds(now)).map((item) => String(item.pk)));
    return subjects.filter((subject) => live.has(keys.lock(subject).pk));
  }

  /**
   * Counts one failure and returns the count in the current window. A window past its end (not yet
   * removed by TTL) starts again at one.
   */
  async addFailure(subject: ClaimSubject, now: Date): Promise<number> {
    const windowEnd = epochSeconds(now) + CLAIM_LIMITS.windowSeconds;
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.failures(subject),
          UpdateExpression: 'ADD failures :one SET #ttl = if_not_exists(#ttl, :windowEnd)',
          ConditionExpression: 'attribute_not_exists(pk) OR #ttl > :now',
          ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
          ExpressionAttributeValues: { ':one': 1, ':windowEnd': windowEnd, ':now': epochSeconds(now) },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Number(Attributes?.failures ?? 1);
    } catch (error) {
      if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
      await this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.failures(subject), failures: 1, [TTL_ATTRIBUTE]: windowEnd } }));
      return 1;
    }
  }

  /** Locks the subject out and records the anomaly; the subject id of an ID number is its fingerprint, never the number. */
  async lockOut(subject: ClaimSubject, now: Date, recordAnomaly: boolean, route: GuessableRoute = 'CLAIM'): Promise<void> {
    const until = epochSeconds(now) + CLAIM_LIMITS.lockoutSeconds;
    const anomalyId = newId('anm', now.getTime());
    const detectedAt = now.toISOString();
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.lock(subject), [TTL_ATTRIBUTE]: until } }));
    if (!recordAnomaly) return;
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: `ANOMALY#${anomalyId}`,
          sk: 'ANOMALY',
          anomalyId,
          kind: `${route}_LOCKED_OUT`,
          scope: subject.scope,
          subjectId: subject.id,
          detectedAt,
          lockedUntil: new Date(until * 1000).toISOString(),
        },
      }),
    );
  }
}
