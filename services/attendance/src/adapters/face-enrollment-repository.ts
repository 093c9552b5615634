/**
 * Per trainee: the enrolled template and whether it may be used. A template found to match
 * another identity at enrolment is `BLOCKED_DUPLICATE` until a reviewer decides; check-ins use
 * only `ACTIVE` templates.
 */
import { DeleteCommand, GetCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchGet } from './batch-get';
import { isConditionFailure, keys } from './keys';

export type FaceStatus = 'ACTIVE' | 'BLOCKED_DUPLICATE' | 'REJECTED';

export interface FaceEnrollment {
  readonly traineeId: string;
  readonly templateId: string;
  readonly status: FaceStatus;
  readonly engine: string;
  readonly model: string;
  readonly imageHash: string;
  readonly enrolledAt: string;
  readonly areaCode: string;
  readonly duplicateOf?: readonly string[];
  readonly decidedBy?: string;
  readonly decisionReason?: string;
}

export class FaceEnrollmentRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(traineeId: string): Promise<FaceEnrollment | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.face(traineeId), ConsistentRead: true }));
    return Item as FaceEnrollment | undefined;
  }

  /** The enrolments of a class roster, in one round trip per 100 trainees. */
  async getMany(traineeIds: readonly string[]): Promise<FaceEnrollment[]> {
    return (await batchGet(this.client, this.tableName, traineeIds.map((traineeId) => keys.face(traineeId)))) as unknown as FaceEnrollment[];
  }

  /**
   * Stores the enrolment unless the trainee's face consent was withdrawn meanwhile: the condition
   * on the trainee item closes the race with a withdrawal that arrives while the photo is being
   * indexed (false then; the caller removes what it indexed).
   */
  async putWhileConsented(enrollment: FaceEnrollment): Promise<boolean> {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              ConditionCheck: {
                TableName: this.tableName,
                Key: keys.trainee(enrollment.traineeId),
                ConditionExpression: 'attribute_not_exists(faceConsentWithdrawnAt)',
              },
            },
            { Put: { TableName: this.tableName, Item: { ...keys.face(enrollment.traineeId), ...enrollment } } },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** Consent withdrawn: the enrolment goes with the template. Idempotent. */
  async delete(traineeId: string): Promise<void> {
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: keys.face(traineeId) }));
  }

  /** Only a pending template can be decided, once: the condition makes a second decision fail. */
  async decide(traineeId: string, status: 'ACTIVE' | 'REJECTED', decidedBy: string, reason: string): Promise<FaceEnrollment | undefined> {
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.face(traineeId),
          UpdateExpression: 'SET #status = :status, decidedBy = :by, decisionReason = :reason',
          ConditionExpression: '#status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':status': status, ':by': decidedBy, ':reason': reason, ':pending': 'BLOCKED_DUPLICATE' },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes as FaceEnrollment;
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }
}
