/**
 * The liveness challenges in the service table (`LivenessChallengeStore`), and the item a check
 * consumes. Every transition is a condition on the item's own state, never read-then-write:
 * created only if new; judged only while PENDING and before its deadline; a pass claims a
 * sentinel per frame hash in the same transaction (a burst that passed once never passes
 * again); consumed by exactly one check, inside that check's transaction (`consumeLiveness`).
 */
import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TTL_ATTRIBUTE } from '@peixun/shared';
import { LIVENESS_RESULT_USABLE_SECONDS, subjectKey, type JudgeOutcome, type LivenessChallengeStore, type StoredChallenge } from '../face/liveness/challenge-store';
import type { LivenessChallenge, LivenessResult, LivenessStatus } from '../face/liveness/liveness-check';
import { cancellationCodes, epochSeconds, isConditionFailure, keys } from './keys';

/** Challenges are kept a day for the audit of refused checks, then TTL removes them. */
const CHALLENGE_RETENTION_SECONDS = 24 * 3600;
/** A passed burst's frames stay refused for a year (a recording kept for next term is still a replay). */
const FRAME_RETENTION_SECONDS = 366 * 24 * 3600;

interface ChallengeItem {
  readonly challenge: LivenessChallenge;
  readonly status: LivenessStatus;
  readonly result?: LivenessResult;
  readonly deadlineMs: number;
  readonly usableUntilMs?: number;
}

export class LivenessRepository implements LivenessChallengeStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(challenge: LivenessChallenge): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.livenessChallenge(challenge.challengeId),
          type: 'LIVENESS',
          challenge,
          status: 'PENDING',
          sessionId: challenge.sessionId,
          subjectKey: subjectKey(challenge.subject),
          deadlineMs: Date.parse(challenge.expiresAt),
          [TTL_ATTRIBUTE]: epochSeconds(new Date(challenge.issuedAt)) + CHALLENGE_RETENTION_SECONDS,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  /** The challenge whose passed burst had exactly these bytes as a frame (SHA-256, hex), if any. */
  async burstOfFrame(sha256: string): Promise<string | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.livenessFrame(sha256), ConsistentRead: true }));
    return (Item as { challengeId?: string } | undefined)?.challengeId;
  }

  async get(challengeId: string): Promise<StoredChallenge | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.livenessChallenge(challengeId), ConsistentRead: true }));
    if (Item === undefined) return undefined;
    const item = Item as ChallengeItem;
    return {
      challenge: item.challenge,
      status: item.status,
      result: item.result,
      usableUntil: item.usableUntilMs === undefined ? undefined : new Date(item.usableUntilMs).toISOString(),
    };
  }

  async judge(challengeId: string, result: LivenessResult, frameHashes: readonly string[], now: Date): Promise<JudgeOutcome> {
    const update = {
      TableName: this.tableName,
      Key: keys.livenessChallenge(challengeId),
      UpdateExpression: result.passed ? 'SET #status = :status, #result = :result, usableUntilMs = :usable' : 'SET #status = :status, #result = :result',
      ConditionExpression: '#status = :pending AND deadlineMs > :now',
      ExpressionAttributeNames: { '#status': 'status', '#result': 'result' },
      ExpressionAttributeValues: {
        ':status': result.passed ? 'PASSED' : 'FAILED',
        ':result': result,
        ':pending': 'PENDING',
        ':now': now.getTime(),
        ...(result.passed ? { ':usable': now.getTime() + LIVENESS_RESULT_USABLE_SECONDS * 1000 } : {}),
      },
    };
    try {
      if (frameHashes.length === 0) {
        await this.client.send(new UpdateCommand(update));
      } else {
        await this.client.send(
          new TransactWriteCommand({
            TransactItems: [
              { Update: update },
              ...frameHashes.map((sha256) => ({
                Put: {
                  TableName: this.tableName,
                  Item: { ...keys.livenessFrame(sha256), challengeId, [TTL_ATTRIBUTE]: epochSeconds(now) + FRAME_RETENTION_SECONDS },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              })),
            ],
          }),
        );
      }
      return 'RECORDED';
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const codes = frameHashes.length === 0 ? ['ConditionalCheckFailed'] : cancellationCodes(error);
      // Two copies of one burst judged at the same instant: the loser's transaction is cancelled; its retry sees the frames claimed.
      if (codes.includes('TransactionConflict')) throw error;
      if (codes[0] !== 'ConditionalCheckFailed' && codes.slice(1).includes('ConditionalCheckFailed')) return 'FRAMES_SEEN';
      // Which condition failed on the challenge only decides the wording of the refusal.
      const current = await this.get(challengeId);
      if (current === undefined || current.status !== 'PENDING') return 'NOT_PENDING';
      return 'EXPIRED';
    }
  }
}

/**
 * The transaction item that consumes a passed liveness result for one check: only a PASSED
 * result of this session and this trainee or device, before its deadline, and only once.
 */
export function consumeLiveness(tableName: string, use: { challengeId: string; sessionId: string; subjectKey: string; recordId: string; now: Date }) {
  return {
    Update: {
      TableName: tableName,
      Key: keys.livenessChallenge(use.challengeId),
      UpdateExpression: 'SET #status = :consumed, consumedBy = :record',
      ConditionExpression: '#status = :passed AND sessionId = :session AND subjectKey = :subject AND usableUntilMs > :now',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':consumed': 'CONSUMED',
        ':passed': 'PASSED',
        ':record': use.recordId,
        ':session': use.sessionId,
        ':subject': use.subjectKey,
        ':now': use.now.getTime(),
      },
    },
  };
}

/**
 * In the check's transaction: its photo is a frame of the burst that passed `challengeId`, so the
 * face checked is the live one, not a photo held up after someone else's liveness check. Frame
 * sentinels are written once, with the pass, and never change.
 */
export function photoFromBurst(tableName: string, use: { challengeId: string; photoSha256: string }) {
  return {
    ConditionCheck: {
      TableName: tableName,
      Key: keys.livenessFrame(use.photoSha256),
      ConditionExpression: 'challengeId = :challenge',
      ExpressionAttributeValues: { ':challenge': use.challengeId },
    },
  };
}
