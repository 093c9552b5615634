import { fieldsFromZod, httpHandler, now, publishDivisionsRoute, requireEnv, RESOURCE_ENV, ValidationFailed } from '@peixun/shared';
import { enrollmentDependencies, logger } from '../dependencies';
import { shanghaiTimestamp } from '../reference/calendar';
import { divisionTableSchema } from '../reference/divisions';

export const handler = httpHandler(
  publishDivisionsRoute,
  async ({ body, auth }) => {
    // The contract checks the envelope; the hierarchy and every division's approving office are checked here.
    const parsed = divisionTableSchema.safeParse(body);
    if (!parsed.success) throw new ValidationFailed(fieldsFromZod(parsed.error, 'body'), '行政区划表不符合要求，未发布。');
    const { reference } = await enrollmentDependencies();
    const publishedAt = shanghaiTimestamp(now());
    await reference.publishDivisions(parsed.data, auth.sub, publishedAt);
    logger.info('divisions published', { version: parsed.data.version });
    return { body: { version: parsed.data.version, origin: 'UPLOADED' as const, publishedAt, publishedBy: auth.sub, divisions: parsed.data.divisions } };
  },
  { logger, idempotencyTable: requireEnv(RESOURCE_ENV.table) },
);
