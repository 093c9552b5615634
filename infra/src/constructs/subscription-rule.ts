import type { EventPattern as RulePattern, IEventBus } from 'aws-cdk-lib/aws-events';
import { Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { EventContract, EventPattern } from '@peixun/shared';
import { Construct } from 'constructs';
import { EVENT_DELIVERY } from '../defaults';
import { DeadLetterQueue } from './dead-letter-queue';

/**
 * One pattern that matches an event of any of the contracts. A single contract is used as is; several
 * become `$or` alternatives. Merging them field by field (`source: [a, b]`, `detail-type: [x, y]`)
 * would also match the cross products (source a with detail-type y).
 */
export function patternMatchingAny(contracts: readonly EventContract[]): EventPattern {
  const [first, ...others] = contracts;
  if (first === undefined) throw new Error('A subscription needs at least one event contract');
  return others.length === 0 ? first.pattern : { $or: contracts.map((contract) => contract.pattern) };
}

export interface SubscriptionRuleProps {
  readonly serviceName: string;
  readonly subscriptionName: string;
  readonly events: readonly EventContract[];
  readonly bus: IEventBus;
  readonly target: IFunction;
  readonly key: IKey;
}

/**
 * A manifest subscription: one rule per subscription (not per contract), so that the subscription is
 * the unit that has one target, one dead-letter queue and one alarm, and an event is delivered once
 * even if it matched several alternatives.
 */
export class SubscriptionRule extends Construct {
  constructor(scope: Construct, id: string, props: SubscriptionRuleProps) {
    super(scope, id);
    const label = `${props.serviceName}.${props.subscriptionName}`;

    // Catches what EventBridge could not hand to Lambda (throttling, permissions, a deleted
    // function); what the handler itself fails goes to the function's on-failure destination.
    const deadLetters = new DeadLetterQueue(this, 'DeadLetters', {
      key: props.key,
      holds: `EventBridge 未能投递给订阅 ${label} 的事件`,
    });

    new Rule(this, 'Rule', {
      eventBus: props.bus,
      description: `${label}: ${props.events.map((event) => `${event.source}/${event.detailType}`).join(', ')}`,
      // The L2 type models only the classic top-level fields; EventBridge also accepts `$or` and content
      // filters, and Rule renders the pattern's keys unchanged, so the contract pattern goes through as is.
      eventPattern: patternMatchingAny(props.events) as unknown as RulePattern,
      targets: [new LambdaFunction(props.target, { deadLetterQueue: deadLetters.queue, ...EVENT_DELIVERY })],
    });
  }
}
