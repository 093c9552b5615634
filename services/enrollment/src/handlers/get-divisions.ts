import { getDivisionsRoute, httpHandler } from '@peixun/shared';
import { enrollmentDependencies, logger } from '../dependencies';

export const handler = httpHandler(
  getDivisionsRoute,
  async () => {
    const { reference } = await enrollmentDependencies();
    const { document, origin, publishedAt, publishedBy } = await reference.currentDivisions();
    return { body: { version: document.version, origin, publishedAt, publishedBy, divisions: document.divisions } };
  },
  { logger },
);
