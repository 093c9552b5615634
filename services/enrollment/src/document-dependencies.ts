import { requireEnv, RESOURCE_ENV } from '@peixun/shared';
import { DocumentStore } from './adapters/document-store';
import { SignatureScanner } from './adapters/signature-scanner';
import { type EnrollmentDependencies, enrollmentDependencies } from './dependencies';
import type { DocumentScanner } from './documents/scanner';

/**
 * What the document routes need besides the table: the bucket and the scanner. Kept apart from
 * `enrollmentDependencies` so that the service's other functions neither bundle nor load the S3
 * client (a class rule only reads documents' state from the table).
 */
export interface DocumentDependencies extends EnrollmentDependencies {
  documentStore: DocumentStore;
  documentScanner: DocumentScanner;
}

let cached: Promise<DocumentDependencies> | undefined;

export function documentDependencies(): Promise<DocumentDependencies> {
  cached ??= (async () => ({
    ...(await enrollmentDependencies()),
    documentStore: new DocumentStore(requireEnv(RESOURCE_ENV.bucket)),
    // The place to plug a real virus scanner (docs/architecture.md, "Application documents").
    documentScanner: new SignatureScanner(),
  }))();
  return cached;
}
