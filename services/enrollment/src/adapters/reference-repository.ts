import { GetCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '@peixun/shared';
import { bundledOccupationCatalogue, loadOccupationCatalogue, type OccupationCatalogue, type OccupationCatalogueData } from '../reference/occupations';
import catalogueDocument from '../reference/data/occupations.sample.v1.json' with { type: 'json' };
import { failedConditionIndexes, IF_ABSENT } from './transaction-conflicts';

/**
 * Reference data in the single table. Each published catalogue is kept under its own version
 * (`REFERENCE#OCCUPATIONS` / `VERSION#<v>`, written once, never overwritten, so a class approved
 * under 2025.1 can always be read against 2025.1), and `CURRENT` holds the version in force.
 * Until an admin publishes one, the catalogue shipped with the service is in force.
 */
const PK = 'REFERENCE#OCCUPATIONS';
const keys = { version: (version: string) => ({ pk: PK, sk: `VERSION#${version}` }), current: { pk: PK, sk: 'CURRENT' } };

export interface PublishedCatalogue {
  readonly catalogue: OccupationCatalogue;
  readonly document: OccupationCatalogueData;
  readonly origin: 'BUNDLED' | 'UPLOADED';
  readonly publishedAt?: string;
  readonly publishedBy?: string;
}

export class CatalogueVersionExists extends DomainError {
  constructor(version: string) {
    super({ code: 'CATALOGUE_VERSION_EXISTS', status: 409, title: '目录版本已存在', detail: `职业培训项目目录版本${version}已发布，新目录须使用新的版本号。` });
  }
}

interface CurrentItem {
  document: OccupationCatalogueData;
  publishedAt: string;
  publishedBy: string;
}

export class ReferenceRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async currentCatalogue(): Promise<PublishedCatalogue> {
    const result = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.current, ConsistentRead: true }));
    if (result.Item === undefined) {
      return { catalogue: bundledOccupationCatalogue(), document: catalogueDocument as OccupationCatalogueData, origin: 'BUNDLED' };
    }
    const current = result.Item as CurrentItem;
    return {
      catalogue: loadOccupationCatalogue(current.document),
      document: current.document,
      origin: 'UPLOADED',
      publishedAt: current.publishedAt,
      publishedBy: current.publishedBy,
    };
  }

  /** The version item is written only if new, and in the same transaction becomes the one in force. */
  async publish(document: OccupationCatalogueData, publishedBy: string, publishedAt: string): Promise<void> {
    if (document.catalogueVersion === bundledOccupationCatalogue().version) throw new CatalogueVersionExists(document.catalogueVersion);
    const record: CurrentItem = { document, publishedAt, publishedBy };
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.tableName, Item: { ...keys.version(document.catalogueVersion), ...record }, ConditionExpression: IF_ABSENT } },
            { Put: { TableName: this.tableName, Item: { ...keys.current, ...record } } },
          ],
        }),
      );
    } catch (error) {
      if (failedConditionIndexes(error)?.includes(0)) throw new CatalogueVersionExists(document.catalogueVersion);
      throw error;
    }
  }
}
