import { fieldsFromZod, httpHandler, now, publishOccupationCatalogueRoute, requireEnv, RESOURCE_ENV, ValidationFailed } from '@peixun/shared';
import { enrollmentDependencies, logger } from '../dependencies';
import { shanghaiTimestamp } from '../reference/calendar';
import { occupationCatalogueSchema } from '../reference/occupations';

export const handler = httpHandler(
  publishOccupationCatalogueRoute,
  async ({ body, auth }) => {
    // The contract checks the envelope; the catalogue's own rules (Art. 18 hour caps, one entry per level) live here.
    const parsed = occupationCatalogueSchema.safeParse(body);
    if (!parsed.success) throw new ValidationFailed(fieldsFromZod(parsed.error, 'body'), '职业培训项目目录不符合要求，未发布。');
    const { reference } = await enrollmentDependencies();
    const publishedAt = shanghaiTimestamp(now());
    await reference.publish(parsed.data, auth.sub, publishedAt);
    logger.info('occupation catalogue published', { version: parsed.data.catalogueVersion });
    return {
      body: { catalogueVersion: parsed.data.catalogueVersion, origin: 'UPLOADED' as const, publishedAt, publishedBy: auth.sub, document: parsed.data },
    };
  },
  { logger, idempotencyTable: requireEnv(RESOURCE_ENV.table) },
);
