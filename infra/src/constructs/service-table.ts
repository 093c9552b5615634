import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { TTL_ATTRIBUTE, type TableSpec } from '@peixun/shared';
import { Construct } from 'constructs';

export interface ServiceTableProps {
  readonly spec: TableSpec;
  readonly key: IKey;
}

/**
 * The service's single table, in the manifest's convention: `pk`/`sk`, and per index `gsiN` the keys
 * `gsiNpk`/`gsiNsk` (the local runtime creates the same shape in DynamoDB Local).
 */
export class ServiceTable extends Construct {
  readonly table: Table;
  readonly indexes: readonly string[];

  constructor(scope: Construct, id: string, { spec, key }: ServiceTableProps) {
    super(scope, id);
    this.indexes = spec.indexes;

    this.table = new Table(this, 'Table', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      // Load follows the training calendar (enrolment weeks, claim deadlines), not a steady rate.
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: key,
      timeToLiveAttribute: TTL_ATTRIBUTE,
      // The outbox relay reads new items from the stream; without an outbox nothing reads it.
      ...(spec.outbox === undefined ? {} : { stream: StreamViewType.NEW_IMAGE }),
      // Records of subsidised training are audit evidence: neither a stack deletion nor a console
      // click may drop them.
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // CloudFormation adds at most one index per table update: add new indexes one deployment at a time.
    for (const index of spec.indexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index,
        partitionKey: { name: `${index}pk`, type: AttributeType.STRING },
        sortKey: { name: `${index}sk`, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }
  }
}
