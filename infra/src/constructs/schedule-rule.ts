import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ScheduleBinding } from '@peixun/shared';
import { Construct } from 'constructs';
import { EVENT_DELIVERY } from '../defaults';
import { DeadLetterQueue } from './dead-letter-queue';

export interface ScheduleRuleProps {
  readonly serviceName: string;
  readonly schedule: ScheduleBinding;
  readonly target: IFunction;
  readonly key: IKey;
}

/** Scheduled rules live on the default bus; their names carry this prefix so the key policy can name them. */
export const scheduleRuleName = (serviceName: string, scheduleName: string): string => `peixun-${serviceName}-${scheduleName}`;

/**
 * A manifest schedule: an EventBridge scheduled rule (the target receives the classic
 * "Scheduled Event" envelope, which the local runtime imitates), with the same delivery retries and
 * dead-letter queue as a subscription.
 */
export class ScheduleRule extends Construct {
  constructor(scope: Construct, id: string, props: ScheduleRuleProps) {
    super(scope, id);
    const label = `${props.serviceName}.${props.schedule.name}`;
    const deadLetters = new DeadLetterQueue(this, 'DeadLetters', {
      key: props.key,
      holds: `EventBridge 未能触发的定时任务 ${label}`,
    });
    new Rule(this, 'Rule', {
      ruleName: scheduleRuleName(props.serviceName, props.schedule.name),
      description: `${label}: ${props.schedule.rate}`,
      schedule: Schedule.expression(props.schedule.rate),
      targets: [new LambdaFunction(props.target, { deadLetterQueue: deadLetters.queue, ...EVENT_DELIVERY })],
    });
  }
}
