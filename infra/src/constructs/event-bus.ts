import { Stack } from 'aws-cdk-lib';
import { CfnArchive, EventBus } from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';
import { EVENT_BUS_NAME } from '@peixun/shared';
import { EVENT_ARCHIVE_RETENTION } from '../defaults';

/** The bus every service publishes its contract events to, with an archive to replay them from. */
export class PeixunEventBus extends Construct {
  readonly bus: EventBus;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.bus = new EventBus(this, 'Bus', {
      eventBusName: EVENT_BUS_NAME,
      description: 'Domain events of the peixun services (contracts in shared/)',
    });
    // Consumers keep their own projections: a new consumer, or one that lost its table, is rebuilt
    // by replaying the archive.
    const archive = this.bus.archive('Archive', {
      description: 'Every event on the peixun bus, for replay into projections',
      eventPattern: { account: [Stack.of(this).account] },
      retention: EVENT_ARCHIVE_RETENTION,
    });
    // Without a key the L2 writes `KmsKeyIdentifier: ""`, which some regions reject
    // (aws/aws-cdk#37847); an absent property means the AWS-owned key, as intended.
    const cfnArchive = archive.node.defaultChild;
    if (cfnArchive instanceof CfnArchive) cfnArchive.addPropertyDeletionOverride('KmsKeyIdentifier');
  }
}
