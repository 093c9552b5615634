import { Duration } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { OUTBOX_STREAM_FILTER } from '@peixun/shared';
import { Construct } from 'constructs';
import { DeadLetterQueue } from './dead-letter-queue';
import type { ServiceFunction } from './service-function';
import type { ServiceTable } from './service-table';

export interface OutboxRelayProps {
  readonly table: ServiceTable;
  readonly relay: ServiceFunction;
  readonly key: IKey;
}

/**
 * Feeds the table's stream to the relay function, which puts committed outbox events on the bus.
 * Only new outbox items pass the filter (the same pattern the local runtime applies); a batch that
 * keeps failing is split to find the bad record, and what still fails after a day of retries is
 * parked, with its stream position, in a dead-letter queue behind an alarm.
 */
export class OutboxRelay extends Construct {
  constructor(scope: Construct, id: string, { table, relay, key }: OutboxRelayProps) {
    super(scope, id);
    const deadLetters = new DeadLetterQueue(this, 'DeadLetters', { key, holds: '发件箱事件未能投递到事件总线 / outbox events not relayed' });
    // The stream read and the dead-letter queue both come with CDK's grant on the service key.
    relay.acknowledgeKeyGrant();
    relay.function.addEventSource(
      new DynamoEventSource(table.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        retryAttempts: 100,
        maxRecordAge: Duration.hours(24),
        onFailure: new SqsDlq(deadLetters.queue),
        filters: [{ pattern: JSON.stringify(OUTBOX_STREAM_FILTER) }],
      }),
    );
  }
}
