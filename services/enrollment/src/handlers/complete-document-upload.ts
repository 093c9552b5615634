import { completeDocumentUploadRoute, httpHandler, now, requireEnv, RESOURCE_ENV } from '@peixun/shared';
import { documentDependencies } from '../document-dependencies';
import { logger } from '../dependencies';
import { completeDocumentUpload } from '../use-cases/documents';

/** Idempotent by itself too: a settled document answers the same again, with or without an Idempotency-Key. */
export const handler = httpHandler(
  completeDocumentUploadRoute,
  async ({ params, auth }) => ({ body: await completeDocumentUpload(await documentDependencies(), params.documentId, auth, now()) }),
  { logger, idempotencyTable: requireEnv(RESOURCE_ENV.table) },
);
