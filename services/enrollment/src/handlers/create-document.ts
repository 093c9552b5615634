import { createDocumentRoute, httpHandler, now, requireEnv, RESOURCE_ENV } from '@peixun/shared';
import { documentDependencies } from '../document-dependencies';
import { logger } from '../dependencies';
import { createDocument } from '../use-cases/documents';

export const handler = httpHandler(
  createDocumentRoute,
  async ({ body, auth }) => ({ body: await createDocument(await documentDependencies(), body, auth, now()) }),
  { logger, idempotencyTable: requireEnv(RESOURCE_ENV.table) },
);
