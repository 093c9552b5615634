import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { loadPiiCipher, type PiiCipher } from '../crypto/pii-cipher';
import { TTL_ATTRIBUTE } from '../manifest';
import { IdempotencyKeyInvalid, IdempotencyKeyReused, IdempotentRequestInProgress, MAX_IDEMPOTENCY_KEY_LENGTH } from './preset-errors';
import { dynamoDbClient } from '../aws/dynamodb-client';

/**
 * `Idempotency-Key` with Stripe's semantics. The first answer the use case gives under a key is
 * kept for the key's lifetime (24 h) whatever follows: the same request again gets that answer
 * replayed; the same key with another request (body, path or query) gets 422 and changes nothing;
 * while the first is still running, 409. Only answers that were not decisions are forgotten so the
 * request can be retried under the same key: refused input (400), throttling (429) and failures (5xx).
 *
 * Records hold nothing personal in clear: the caller and key are stored as a keyed fingerprint,
 * the request as a keyed SHA-256 digest (HMAC, so a known ID number cannot be confirmed by
 * hashing guesses), and the answer sealed with the service's PII key (AES-256-GCM).
 */

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
const IDEMPOTENT_REPLAY_HEADER = 'idempotent-replayed';
const LIFETIME_SECONDS = 24 * 3600;

/** Answers that are the use case's decision and therefore kept; the rest may be retried under the same key. */
export function isKeptAnswer(status: number, code: string | undefined): boolean {
  if (status >= 500 || status === 429 || status === 408) return false;
  return code !== 'VALIDATION_FAILED';
}

export interface IdempotentRequest {
  /** The route's operation id: a key is scoped to one route and one caller. */
  operationId: string;
  callerSub: string;
  key: string;
  body: unknown;
  params: Record<string, string | undefined> | undefined;
  query: Record<string, string | undefined> | undefined;
  /** How long the first request may run before a retry of the same request may take its place. */
  lockMs: number;
}

/** What `begin` found: a request to run (then `complete` or `release` it), or a kept answer to replay. */
export type Claim =
  | { kind: 'run'; pk: string; lockToken: string }
  | { kind: 'replay'; response: APIGatewayProxyStructuredResultV2 };

/** Key order must not change the digest: `{"a":1,"b":2}` and `{"b":2,"a":1}` are the same request. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, entry]) => entry !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([name, entry]) => [name, canonical(entry)]),
    );
  }
  return value;
}

function assertValidIdempotencyKey(key: string): void {
  if (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH || !/^[\x21-\x7e]+$/.test(key)) throw new IdempotencyKeyInvalid();
}

export class IdempotencyStore {
  private cipher: Promise<PiiCipher> | undefined;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly loadCipher: () => Promise<PiiCipher> = loadPiiCipher,
  ) {}

  static forTable(tableName: string): IdempotencyStore {
    return new IdempotencyStore(DynamoDBDocumentClient.from(dynamoDbClient()), tableName);
  }

  /** Loaded on first use, so routes called without a key never need the PII key. */
  private sealer(): Promise<PiiCipher> {
    this.cipher ??= this.loadCipher().catch((error: unknown) => {
      this.cipher = undefined;
      throw error;
    });
    return this.cipher;
  }

  /**
   * Claims the key for this request with one conditional write: free (or expired), or held by the
   * same request whose run outlived its lock (a crashed attempt). Otherwise the stored record
   * decides: another request → 422, still running → 409, finished → its answer.
   */
  async begin(request: IdempotentRequest, nowMs: number): Promise<Claim> {
    assertValidIdempotencyKey(request.key);
    const cipher = await this.sealer();
    const pk = `IDEMPOTENCY#${request.operationId}#${cipher.fingerprint(`${request.callerSub}\u0000${request.key}`)}`;
    const requestDigest = cipher.fingerprint(
      JSON.stringify(canonical({ body: request.body ?? null, params: request.params ?? {}, query: request.query ?? {} })),
    );
    const lockToken = randomUUID();
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk,
            sk: 'IDEMPOTENCY',
            kind: 'IDEMPOTENCY_RECORD',
            status: 'IN_PROGRESS',
            requestDigest,
            lockToken,
            lockedUntil: nowMs + request.lockMs,
            [TTL_ATTRIBUTE]: Math.floor(nowMs / 1000) + LIFETIME_SECONDS,
          },
          ConditionExpression:
            'attribute_not_exists(pk) OR #expiresAt < :nowSeconds OR (#status = :inProgress AND lockedUntil < :nowMs AND requestDigest = :digest)',
          ExpressionAttributeNames: { '#status': 'status', '#expiresAt': TTL_ATTRIBUTE },
          ExpressionAttributeValues: {
            ':nowSeconds': Math.floor(nowMs / 1000),
            ':nowMs': nowMs,
            ':inProgress': 'IN_PROGRESS',
            ':digest': requestDigest,
          },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { kind: 'run', pk, lockToken };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const existing = error.Item ?? {};
      if (existing.requestDigest?.S !== requestDigest) throw new IdempotencyKeyReused();
      const sealed = existing.response?.S;
      if (existing.status?.S !== 'COMPLETED' || sealed === undefined) throw new IdempotentRequestInProgress();
      const response = JSON.parse(cipher.decrypt(sealed)) as APIGatewayProxyStructuredResultV2;
      return { kind: 'replay', response: { ...response, headers: { ...response.headers, [IDEMPOTENT_REPLAY_HEADER]: 'true' } } };
    }
  }

  /** Keeps the answer for the key's lifetime, sealed; only the run that holds the lock may. */
  async complete(claim: Extract<Claim, { kind: 'run' }>, response: APIGatewayProxyStructuredResultV2): Promise<void> {
    const cipher = await this.sealer();
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: claim.pk, sk: 'IDEMPOTENCY' },
        UpdateExpression: 'SET #status = :completed, #response = :response REMOVE lockedUntil',
        ConditionExpression: '#status = :inProgress AND lockToken = :lockToken',
        ExpressionAttributeNames: { '#status': 'status', '#response': 'response' },
        ExpressionAttributeValues: {
          ':completed': 'COMPLETED',
          ':inProgress': 'IN_PROGRESS',
          ':lockToken': claim.lockToken,
          ':response': cipher.encrypt(JSON.stringify(response)),
        },
      }),
    );
  }

  /** Frees the key after an answer that is not kept, unless another run has taken it over meanwhile. */
  async release(claim: Extract<Claim, { kind: 'run' }>): Promise<void> {
    await this.client
      .send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { pk: claim.pk, sk: 'IDEMPOTENCY' },
          ConditionExpression: '#status = :inProgress AND lockToken = :lockToken',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':inProgress': 'IN_PROGRESS', ':lockToken': claim.lockToken },
        }),
      )
      .catch((error: unknown) => {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      });
  }
}
