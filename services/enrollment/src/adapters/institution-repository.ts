import { QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { NotFound, type OutboxItem, outboxPuts } from '@peixun/shared';
import { InstitutionAlreadyRegistered, type RegisteredInstitution } from '../institutions/registration';
import type { TrainingSite } from '../institutions/sites';
import { withoutStorageKeys } from './table-items';
import { failedConditionIndexes, IF_ABSENT, IF_PRESENT } from './transaction-conflicts';

/**
 * Institution part of the single table:
 * - `INSTITUTION#<id>` / `PROFILE`: the institution without its sites;
 * - `INSTITUTION#<id>` / `SITE#<siteId>`: one item per training site, so adding a site never
 *   rewrites (and never races with) the profile; one Query reads the institution whole;
 * - `CREDITCODE#<code>` / `INSTITUTION`: sentinel, one institution per credit code.
 */
const keys = {
  profile: (institutionId: string) => ({ pk: `INSTITUTION#${institutionId}`, sk: 'PROFILE' }),
  site: (institutionId: string, siteId: string) => ({ pk: `INSTITUTION#${institutionId}`, sk: `SITE#${siteId}` }),
  creditCode: (code: string) => ({ pk: `CREDITCODE#${code}`, sk: 'INSTITUTION' }),
};

export class InstitutionRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** The institution, its sentinel, its sites and the outbox items of its events, in one transaction. */
  async register(institution: RegisteredInstitution, events: readonly OutboxItem[]): Promise<void> {
    const { sites, ...profile } = institution;
    const items = [
      { ...keys.profile(institution.institutionId), ...profile },
      { ...keys.creditCode(institution.creditCode), institutionId: institution.institutionId },
      ...sites.map((site) => ({ ...keys.site(institution.institutionId, site.siteId), ...site })),
      ...events,
    ];
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: items.map((Item) => ({ Put: { TableName: this.tableName, Item, ConditionExpression: IF_ABSENT } })),
        }),
      );
    } catch (error) {
      const failed = failedConditionIndexes(error);
      if (failed?.includes(1)) throw new InstitutionAlreadyRegistered('creditCode');
      if (failed?.includes(0)) throw new InstitutionAlreadyRegistered('institutionId');
      throw error;
    }
  }

  /** The site only lands next to an institution that exists, with the outbox items announcing it. */
  async addSite(institutionId: string, site: TrainingSite, events: readonly OutboxItem[]): Promise<void> {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            { ConditionCheck: { TableName: this.tableName, Key: keys.profile(institutionId), ConditionExpression: IF_PRESENT } },
            { Put: { TableName: this.tableName, Item: { ...keys.site(institutionId, site.siteId), ...site }, ConditionExpression: IF_ABSENT } },
            ...outboxPuts(this.tableName, events),
          ],
        }),
      );
    } catch (error) {
      if (failedConditionIndexes(error)?.includes(0)) throw new NotFound('培训机构', institutionId);
      throw error;
    }
  }

  /**
   * A site's review decision, only over a site still PENDING: of two reviewers deciding at once,
   * the second is refused (`false`) instead of overwriting the first.
   */
  async saveSiteDecision(institutionId: string, site: TrainingSite, events: readonly OutboxItem[] = []): Promise<boolean> {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { ...keys.site(institutionId, site.siteId), ...site },
                ConditionExpression: '#review.#status = :pending',
                ExpressionAttributeNames: { '#review': 'review', '#status': 'status' },
                ExpressionAttributeValues: { ':pending': 'PENDING' },
              },
            },
            ...outboxPuts(this.tableName, events),
          ],
        }),
      );
      return true;
    } catch (error) {
      if (failedConditionIndexes(error)?.includes(0)) return false;
      throw error;
    }
  }

  async find(institutionId: string): Promise<RegisteredInstitution | undefined> {
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.profile(institutionId).pk },
        ConsistentRead: true,
      }),
    );
    const items = result.Items ?? [];
    const profile = items.find((item) => item.sk === 'PROFILE');
    if (profile === undefined) return undefined;
    const sites = items.filter((item) => String(item.sk).startsWith('SITE#')).map((item) => withoutStorageKeys<TrainingSite>(item));
    return { ...withoutStorageKeys<Omit<RegisteredInstitution, 'sites'>>(profile), sites };
  }
}
