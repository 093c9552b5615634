import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { rateKey } from './table-keys';

/** A fixed-window counter per source and hour, refused by its condition past the limit; TTL clears it. */
export class RateLimiter {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async take(source: string, at: Date, limit: number): Promise<boolean> {
    const hour = at.toISOString().slice(0, 13);
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: rateKey(source, hour),
          UpdateExpression: 'ADD #count :one SET expiresAt = :expires',
          ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
          ExpressionAttributeNames: { '#count': 'count' },
          ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':expires': Math.floor(at.getTime() / 1000) + 7200 },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }
}
