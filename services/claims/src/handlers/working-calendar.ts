import { getWorkingCalendarRoute, httpHandler, publishWorkingCalendarRoute, requireEnv, RESOURCE_ENV } from '@peixun/shared';
import { publishWorkingCalendar, workingCalendarOf } from '../app/working-calendar';
import { claimsDependencies, logger } from '../dependencies';

/** The working calendar the disclosure period is counted on: read by anyone, published by admins. */
export const getWorkingCalendarHandler = httpHandler(getWorkingCalendarRoute, async ({ params }) => ({ body: await workingCalendarOf(await claimsDependencies(), params.year) }), { logger });

export const publishWorkingCalendarHandler = httpHandler(
  publishWorkingCalendarRoute,
  async ({ auth, params, body }) => {
    const published = await publishWorkingCalendar(await claimsDependencies(), auth, params.year, body);
    logger.info('working calendar published', { year: published.year, version: published.version, disclosuresRederived: published.disclosuresRederived });
    return { body: published };
  },
  { logger, idempotencyTable: requireEnv(RESOURCE_ENV.table) },
);
