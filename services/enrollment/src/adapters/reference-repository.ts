import { GetCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '@peixun/shared';
import { bundledDivisionTable, type DivisionTable, type DivisionTableData, loadDivisionTable } from '../reference/divisions';
import { bundledOccupationCatalogue, loadOccupationCatalogue, type OccupationCatalogue, type OccupationCatalogueData } from '../reference/occupations';
import divisionsDocument from '../reference/data/divisions.guizhou.v1.json' with { type: 'json' };
import catalogueDocument from '../reference/data/occupations.sample.v1.json' with { type: 'json' };
import { failedConditionIndexes, IF_ABSENT } from './transaction-conflicts';

/**
 * Reference data in the single table. Each published catalogue or divisions table is kept under
 * its own version (`REFERENCE#OCCUPATIONS` or `REFERENCE#DIVISIONS` / `VERSION#<v>`, written once,
 * never overwritten, so a class approved under 2025.1 can always be read against 2025.1), and
 * `CURRENT` holds the version in force. Until an admin publishes one, the file shipped with the
 * service is in force.
 */
const keys = (pk: string) => ({ version: (version: string) => ({ pk, sk: `VERSION#${version}` }), current: { pk, sk: 'CURRENT' } });
const OCCUPATIONS = keys('REFERENCE#OCCUPATIONS');
const DIVISIONS = keys('REFERENCE#DIVISIONS');

interface Publication {
  readonly origin: 'BUNDLED' | 'UPLOADED';
  readonly publishedAt?: string;
  readonly publishedBy?: string;
}

export interface PublishedCatalogue extends Publication {
  readonly catalogue: OccupationCatalogue;
  readonly document: OccupationCatalogueData;
}

export interface PublishedDivisions extends Publication {
  readonly table: DivisionTable;
  readonly document: DivisionTableData;
}

export class CatalogueVersionExists extends DomainError {
  constructor(version: string) {
    super({ code: 'CATALOGUE_VERSION_EXISTS', status: 409, title: '目录版本已存在', detail: `职业培训项目目录版本${version}已发布，新目录须使用新的版本号。` });
  }
}

export class DivisionsVersionExists extends DomainError {
  constructor(version: string) {
    super({ code: 'DIVISIONS_VERSION_EXISTS', status: 409, title: '区划版本已存在', detail: `行政区划版本${version}已发布，新区划表须使用新的版本号。` });
  }
}

interface CurrentItem<Document> {
  document: Document;
  publishedAt: string;
  publishedBy: string;
}

export class ReferenceRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async currentCatalogue(): Promise<PublishedCatalogue> {
    const current = await this.current<OccupationCatalogueData>(OCCUPATIONS.current);
    if (current === undefined) {
      return { catalogue: bundledOccupationCatalogue(), document: catalogueDocument as OccupationCatalogueData, origin: 'BUNDLED' };
    }
    return { catalogue: loadOccupationCatalogue(current.document), ...uploaded(current) };
  }

  async publish(document: OccupationCatalogueData, publishedBy: string, publishedAt: string): Promise<void> {
    if (document.catalogueVersion === bundledOccupationCatalogue().version) throw new CatalogueVersionExists(document.catalogueVersion);
    const written = await this.publishVersion(OCCUPATIONS, document.catalogueVersion, { document, publishedAt, publishedBy });
    if (!written) throw new CatalogueVersionExists(document.catalogueVersion);
  }

  /** Read once per request and handed to the domain, so one request never mixes two versions. */
  async currentDivisions(): Promise<PublishedDivisions> {
    const current = await this.current<DivisionTableData>(DIVISIONS.current);
    if (current === undefined) {
      return { table: bundledDivisionTable(), document: divisionsDocument as DivisionTableData, origin: 'BUNDLED' };
    }
    return { table: loadDivisionTable(current.document), ...uploaded(current) };
  }

  async publishDivisions(document: DivisionTableData, publishedBy: string, publishedAt: string): Promise<void> {
    if (document.version === bundledDivisionTable().version) throw new DivisionsVersionExists(document.version);
    const written = await this.publishVersion(DIVISIONS, document.version, { document, publishedAt, publishedBy });
    if (!written) throw new DivisionsVersionExists(document.version);
  }

  private async current<Document>(key: { pk: string; sk: string }): Promise<CurrentItem<Document> | undefined> {
    const result = await this.client.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    return result.Item as CurrentItem<Document> | undefined;
  }

  /**
   * The version item is written only if new, and in the same transaction becomes the one in force.
   * Resolves false when the version already exists, so the caller names the conflict in its own words.
   */
  private async publishVersion<Document>(target: ReturnType<typeof keys>, version: string, record: CurrentItem<Document>): Promise<boolean> {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.tableName, Item: { ...target.version(version), ...record }, ConditionExpression: IF_ABSENT } },
            { Put: { TableName: this.tableName, Item: { ...target.current, ...record } } },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (failedConditionIndexes(error)?.includes(0)) return false;
      throw error;
    }
  }
}

function uploaded<Document>(current: CurrentItem<Document>): Publication & { document: Document } {
  return { document: current.document, origin: 'UPLOADED', publishedAt: current.publishedAt, publishedBy: current.publishedBy };
}
