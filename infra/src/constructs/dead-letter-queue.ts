import { Duration, Validations } from 'aws-cdk-lib';
import { ComparisonOperator, Stats, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DEAD_LETTER_RETENTION } from '../defaults';

export interface DeadLetterQueueProps {
  /** The service's key: dead letters are whole events, with the same personal data as the table. */
  readonly key: IKey;
  /** What lands here, for the alarm description (operators read it in the console). */
  readonly holds: string;
}

/**
 * An encrypted, TLS-only queue for events that could not be processed, and an alarm that goes off
 * as soon as one is waiting: a dead letter is a stuck business process (a trainee not enrolled, a
 * claim not recorded), never noise.
 */
export class DeadLetterQueue extends Construct {
  readonly queue: Queue;

  constructor(scope: Construct, id: string, props: DeadLetterQueueProps) {
    super(scope, id);

    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: props.key,
      enforceSSL: true,
      retentionPeriod: DEAD_LETTER_RETENTION,
    });

    this.queue
      .metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: Stats.MAXIMUM })
      .createAlarm(this, 'Alarm', {
        alarmDescription: `死信队列有待处理的消息：${props.holds}`,
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });

    const terminal =
      'This queue is itself the dead-letter destination (of an EventBridge target or a Lambda on-failure destination, which cdk-nag cannot trace); its messages are inspected and redriven by an operator, so it has no further dead-letter queue.';
    Validations.of(this.queue).acknowledge({ id: 'AwsSolutions-SQS3', reason: terminal });
    Validations.of(this.queue).acknowledge({ id: 'Serverless-SQSRedrivePolicy', reason: terminal });
  }
}
