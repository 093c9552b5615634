import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createLogger, dynamoDbClient, loadPiiCipher, requireEnv, RESOURCE_ENV } from '@peixun/shared';
import { ClaimAttemptRepository } from './adapters/claim-attempt-repository';
import { ClassRepository } from './adapters/class-repository';
import { DocumentRepository } from './adapters/document-repository';
import { IdentityAuthorityClient, identityAuthorityConfigFromEnv } from './adapters/identity-authority-client';
import { InstitutionRepository } from './adapters/institution-repository';
import { ProjectRepository } from './adapters/project-repository';
import { ReferenceRepository } from './adapters/reference-repository';
import { RosterImportRepository } from './adapters/roster-import-repository';
import { TeacherRepository } from './adapters/teacher-repository';
import { TraineeRepository } from './adapters/trainee-repository';
import type { IdentityVerifier } from './domain/identity-verification';
import { bundledLimits, type Limits } from './reference/limits';

export interface EnrollmentDependencies {
  trainees: TraineeRepository;
  claimAttempts: ClaimAttemptRepository;
  identityVerifier: IdentityVerifier;
  institutions: InstitutionRepository;
  teachers: TeacherRepository;
  reference: ReferenceRepository;
  classes: ClassRepository;
  rosterImports: RosterImportRepository;
  projects: ProjectRepository;
  documents: DocumentRepository;
  limits: Limits;
}

let cached: Promise<EnrollmentDependencies> | undefined;

/**
 * The authority's client, built on the first check: only the functions whose access list grants
 * `identityAuthority` (registration and re-verification) hold its API key, so the others must not
 * ask for it when they build their dependencies.
 */
function lazyIdentityVerifier(): IdentityVerifier {
  let client: Promise<IdentityAuthorityClient> | undefined;
  const load = async () =>
    new IdentityAuthorityClient(await identityAuthorityConfigFromEnv(), (reason, status) =>
      logger.warn('identity authority unavailable, record stays unverified', { reason, status }),
    );
  return {
    async verify(check) {
      client ??= load().catch((error: unknown) => {
        client = undefined; // a missing secret is reported on every check, not cached
        throw error;
      });
      return (await client).verify(check);
    },
  };
}

/** Built once per cold start; every variable is checked before the first request is served. */
export function enrollmentDependencies(): Promise<EnrollmentDependencies> {
  cached ??= (async () => {
    const tableName = requireEnv(RESOURCE_ENV.table);
    const documents = DynamoDBDocumentClient.from(dynamoDbClient(), {
      marshallOptions: { removeUndefinedValues: true },
    });
    const cipher = await loadPiiCipher();
    const identityVerifier = lazyIdentityVerifier();
    return {
      trainees: new TraineeRepository(documents, tableName, cipher),
      claimAttempts: new ClaimAttemptRepository(documents, tableName),
      identityVerifier,
      institutions: new InstitutionRepository(documents, tableName),
      teachers: new TeacherRepository(documents, tableName, cipher),
      reference: new ReferenceRepository(documents, tableName),
      classes: new ClassRepository(documents, tableName),
      rosterImports: new RosterImportRepository(documents, tableName),
      projects: new ProjectRepository(documents, tableName),
      documents: new DocumentRepository(documents, tableName),
      limits: bundledLimits(),
    };
  })();
  return cached;
}

export const logger = createLogger('enrollment');
