import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { awsClientConfig } from './credentials';

let client: DynamoDBClient | undefined;

/**
 * The process's one DynamoDB client, built on first use: the service's own repositories and the
 * HTTP preset's idempotency store wrap it in their document clients instead of each building a
 * client (≈ 3–5 ms of a cold start apiece) with its own connection pool. A Lambda container, like
 * a local runtime's worker, serves one function with one environment, which the client reads once.
 */
export function dynamoDbClient(): DynamoDBClient {
  client ??= new DynamoDBClient(awsClientConfig());
  return client;
}
