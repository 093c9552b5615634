import type { EventContract } from './events/contract';
import type { RouteContract } from './http/route-contract';

/**
 * What a service needs, as plain data. `infra/` turns it into Lambda functions, HTTP API routes,
 * EventBridge rules and grants; the local runtime turns the same data into a gateway, a bus and
 * workers, so local and cloud wiring cannot drift apart.
 */
export interface FunctionSpec {
  /** Absolute path of the module that exports `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly memoryMb?: number;
  readonly timeoutSeconds?: number;
  /**
   * Packages with a native binary that esbuild cannot bundle (e.g. `sharp`). In AWS they are left
   * out of the bundle and installed into the function's asset for the Lambda platform
   * (linux-arm64, glibc) from a lock file; locally they run from `node_modules` as usual.
   */
  readonly nativeModules?: readonly string[];
  /**
   * Node/V8 flags the function runs with (appended to NODE_OPTIONS in AWS), for functions whose
   * memory profile the defaults suit badly; only flags Node allows in NODE_OPTIONS.
   */
  readonly nodeOptions?: readonly string[];
  /**
   * What this function may touch, and nothing else: infra grants exactly this in AWS, and the
   * local runtime gives the function its own credentials and refuses what the list leaves out.
   */
  readonly access: FunctionAccess;
}

/**
 * A function's access list: least privilege, declared next to the function rather than granted
 * to the whole service. Each entry names a resource the service itself declares in `resources`.
 */
export interface FunctionAccess {
  /**
   * The service's table: `read` is GetItem, BatchGetItem, Query, Scan, TransactGetItems and
   * ConditionCheckItem (DescribeTable too); `readwrite` adds PutItem, UpdateItem, DeleteItem,
   * BatchWriteItem and TransactWriteItems. Routes with `idempotent: true` keep their answers in
   * the table, so they need `readwrite`.
   */
  readonly table?: 'read' | 'readwrite';
  /**
   * The service's bucket, by object-key prefix (`raw/`, `exports/`…): `read` is GetObject,
   * HeadObject, ListParts and listing under the prefix (and presigning a GET); `write` is PutObject,
   * multipart uploads, PutObjectRetention and aborting uploads (and presigning a PUT or part);
   * `delete` is DeleteObject.
   */
  readonly bucket?: { readonly read?: readonly string[]; readonly write?: readonly string[]; readonly delete?: readonly string[] };
  /** Reads the PII key secret (sealing ID numbers, face templates and idempotent routes' kept answers). */
  readonly piiKey?: true;
  /** Puts events on the shared bus (in practice only the outbox relay: services publish through their outbox). */
  readonly events?: true;
  /** Uses the service's face collection (Rekognition in AWS). */
  readonly faces?: true;
  /** Calls the identity-verification service with its API key. */
  readonly identityAuthority?: true;
  /**
   * Liveness before a face check (attendance, issue 15). `session`: starts and reads liveness
   * checks; in AWS infra switches it to Rekognition Face Liveness (`LIVENESS_ENGINE=rekognition`,
   * CreateFaceLivenessSession and GetFaceLivenessSessionResults). `required`: a face check that
   * must consume a passed result; in AWS infra sets `LIVENESS_REQUIRED=true` (locally the
   * manifest's config decides).
   */
  readonly liveness?: 'session' | 'required';
}

export interface RouteBinding {
  readonly contract: RouteContract;
  readonly function: string;
}

export interface SubscriptionBinding {
  /** Unique within the service; names the rule and its dead-letter queue. */
  readonly name: string;
  readonly events: readonly EventContract[];
  readonly function: string;
}

/**
 * Single-table design: partition key `pk`, sort key `sk`, and for each index name `gsiN` the keys
 * `gsiNpk`/`gsiNsk`. Items with `expiresAt` (epoch seconds) are removed by TTL.
 */
export interface TableSpec {
  readonly indexes: readonly string[];
  /**
   * Transactional outbox (shared/src/events/outbox.ts): the table's stream feeds this function,
   * normally `outboxRelayFunction`, which puts committed events on the bus.
   */
  readonly outbox?: { readonly function: string };
}

/**
 * The service's bucket. Beyond the defaults every bucket gets (private, TLS only, KMS, versioned),
 * a service may ask for write-once objects, storage-class lifecycle and browser uploads.
 */
export interface BucketSpec {
  /** S3 Object Lock in governance mode with this default retention; the local runtime refuses overwrites the same way. */
  readonly objectLock?: { readonly retentionDays: number };
  readonly lifecycle?: {
    readonly infrequentAccessAfterDays?: number;
    readonly glacierAfterDays?: number;
    /** Objects under this key prefix expire (e.g. raw check-in photos). */
    readonly expire?: { readonly prefix: string; readonly afterDays: number };
    readonly abortIncompleteUploadsAfterDays?: number;
  };
  /** Presigned PUT/GET from the web console: CORS that exposes `ETag`. */
  readonly browserUploads?: boolean;
}

/** A function run on a timer: an EventBridge schedule in AWS, a timer locally. */
export interface ScheduleBinding {
  readonly name: string;
  readonly function: string;
  /** `rate(15 minutes)` style, as EventBridge accepts it. */
  readonly rate: string;
}

export interface ServiceManifest {
  readonly name: string;
  readonly functions: Readonly<Record<string, FunctionSpec>>;
  readonly routes: readonly RouteBinding[];
  readonly subscriptions: readonly SubscriptionBinding[];
  readonly schedules?: readonly ScheduleBinding[];
  readonly resources: {
    readonly table?: TableSpec;
    readonly bucket?: BucketSpec;
    /** The service publishes to the shared bus (gets `EVENT_BUS_NAME` and `events:PutEvents`). */
    readonly publishesEvents: boolean;
    /**
     * Field-level encryption key for personal data (ID numbers), a secret in AWS. Also seals the
     * answers kept for `Idempotency-Key`, so every service with idempotent routes declares it.
     */
    readonly piiKey?: boolean;
    /** A Rekognition face collection (cloud face engine), passed as `FACE_COLLECTION_ID`. */
    readonly faceCollection?: boolean;
    /**
     * Calls the provincial identity-verification service (实名核验): gets `IDENTITY_AUTHORITY_URL`
     * and its API key (a Secrets Manager secret in AWS; the simulated authority's key locally).
     */
    readonly identityAuthority?: boolean;
  };
  /** Non-secret configuration with its defaults; deployments may override. */
  readonly config?: Readonly<Record<string, string>>;
}

export const TTL_ATTRIBUTE = 'expiresAt';

/** What a function gets when its spec leaves memory or timeout open, in AWS and locally alike. */
export const FUNCTION_DEFAULTS = { memoryMb: 256, timeoutSeconds: 10 } as const;

/** The one custom bus every service publishes to. */
export const EVENT_BUS_NAME = 'peixun';

/** Whether the manifest's `resources` provide what an access list entry asks for. */
function undeclaredResources({ resources }: ServiceManifest, access: FunctionAccess): string[] {
  const missing: string[] = [];
  if (access.table !== undefined && resources.table === undefined) missing.push('table');
  if (access.bucket !== undefined && resources.bucket === undefined) missing.push('bucket');
  if (access.piiKey === true && resources.piiKey !== true) missing.push('piiKey');
  if (access.events === true && !resources.publishesEvents) missing.push('publishesEvents');
  if (access.faces === true && resources.faceCollection !== true) missing.push('faceCollection');
  if (access.identityAuthority === true && resources.identityAuthority !== true) missing.push('identityAuthority');
  return missing;
}

export function defineService<const M extends ServiceManifest>(manifest: M): M {
  for (const [name, spec] of Object.entries(manifest.functions)) {
    // Also checked at run time: manifests built without the type checker (tests, JavaScript) must not slip through with the service's full access.
    if (typeof spec.access !== 'object' || spec.access === null) throw new Error(`Service ${manifest.name}: function "${name}" declares no access list`);
    const missing = undeclaredResources(manifest, spec.access);
    if (missing.length > 0) throw new Error(`Service ${manifest.name}: function "${name}" asks for ${missing.join(', ')}, which the service's resources do not declare`);
  }
  const outbox = manifest.resources.table?.outbox;
  for (const binding of [...manifest.routes, ...manifest.subscriptions, ...(manifest.schedules ?? []), ...(outbox ? [outbox] : [])]) {
    if (!(binding.function in manifest.functions)) {
      throw new Error(`Service ${manifest.name}: binding names unknown function "${binding.function}"`);
    }
  }
  return manifest;
}
