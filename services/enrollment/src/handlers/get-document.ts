import { getDocumentRoute, httpHandler, now } from '@peixun/shared';
import { documentDependencies } from '../document-dependencies';
import { logger } from '../dependencies';
import { readDocument } from '../use-cases/documents';

export const handler = httpHandler(
  getDocumentRoute,
  async ({ params, query, auth }) => ({ body: await readDocument(await documentDependencies(), params.documentId, query.classId, auth, now()) }),
  { logger },
);
