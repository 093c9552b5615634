/**
 * Flagged events for the supervising office: duplicate faces, proxy attempts, lock-outs and
 * device floods. Listed per area through one index partition whose sort key starts with the area
 * code, so an office's division prefix (5201 for a city) selects all of its counties at once.
 */
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type anomalySchema, newId, type OutboxItem, writeWithOutbox } from '@peixun/shared';
import type { z } from 'zod';
import { ANOMALIES_INDEX_KEY, INDEX, keys } from './keys';

export type Anomaly = z.infer<typeof anomalySchema>;
export type NewAnomaly = Omit<Anomaly, 'anomalyId'>;

export class AnomalyRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** `events` receives the stored anomaly because announcements name its id; their outbox items are written with it. */
  async record(anomaly: NewAnomaly, events: (stored: Anomaly) => readonly OutboxItem[] = () => []): Promise<Anomaly> {
    const stored: Anomaly = { anomalyId: newId('anm'), ...anomaly };
    await writeWithOutbox(
      this.client,
      this.tableName,
      {
        Put: {
          TableName: this.tableName,
          Item: {
            ...keys.anomaly(stored.anomalyId),
            gsi1pk: ANOMALIES_INDEX_KEY,
            gsi1sk: `${stored.areaCode}#${stored.detectedAt}#${stored.anomalyId}`,
            ...stored,
          },
        },
      },
      events(stored),
    );
    return stored;
  }

  /** Newest first, at most `limit`. `areaPrefix` is the reviewer's division without trailing zero pairs. */
  async listInArea(areaPrefix: string, limit = 200): Promise<Anomaly[]> {
    const { Items } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: INDEX,
        KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :area)',
        ExpressionAttributeValues: { ':pk': ANOMALIES_INDEX_KEY, ':area': areaPrefix },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return ((Items ?? []) as Array<Anomaly & Record<string, unknown>>).map(
      ({ anomalyId, kind, areaCode, traineeId, otherTraineeIds, sessionId, deviceId, detectedAt }) => ({
        anomalyId,
        kind,
        areaCode,
        otherTraineeIds,
        detectedAt,
        ...(traineeId === undefined ? {} : { traineeId }),
        ...(sessionId === undefined ? {} : { sessionId }),
        ...(deviceId === undefined ? {} : { deviceId }),
      }),
    );
  }
}
