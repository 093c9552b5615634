import { getOccupationCatalogueRoute, httpHandler } from '@peixun/shared';
import { enrollmentDependencies, logger } from '../dependencies';

export const handler = httpHandler(
  getOccupationCatalogueRoute,
  async () => {
    const { reference } = await enrollmentDependencies();
    const { document, origin, publishedAt, publishedBy } = await reference.currentCatalogue();
    return { body: { catalogueVersion: document.catalogueVersion, origin, publishedAt, publishedBy, document } };
  },
  { logger },
);
