import type { FunctionAccess, ServiceManifest } from '@peixun/shared';
import { LOCAL_ACCOUNT, LOCAL_PARTITION, LOCAL_REGION } from '../local-aws';
import { bucketName, lambdaFunctionName, tableName } from '../resource-names';

/**
 * The local stand-in for IAM. Every function runs with its own access key id (`LOCALFN<service><Function>`,
 * e.g. `LOCALFNpaymentsGetBatch`, set as AWS_ACCESS_KEY_ID in its worker), which DynamoDB Local and the S3 emulator receive in the
 * Authorization header or a presigned URL's X-Amz-Credential, signature unchecked. The checks in
 * front of the engines (dynamodb-access-proxy.ts, s3-access.ts) look the key up here and refuse
 * what the function's access list in its manifest does not grant, as IAM would.
 *
 * Any other key (LOCAL_CREDENTIALS, which provisioning, the stream pollers, tests and benches use)
 * is the local administrator and passes unchecked; a `LOCALFN` key of no known function is refused.
 */
const FUNCTION_KEY_PREFIX = 'LOCALFN';

/** Letters and digits only: DynamoDB Local answers UnrecognizedClientException to any other access key id. */
export const functionAccessKeyId = (service: string, fn: string): string =>
  `${FUNCTION_KEY_PREFIX}${service}${fn.charAt(0).toUpperCase()}${fn.slice(1)}`.replace(/[^A-Za-z0-9]/g, '');

export interface FunctionPrincipal {
  readonly service: string;
  readonly fn: string;
  readonly access: FunctionAccess;
}

/** `admin`: not a function's key, nothing is checked. `unknown`: a function key no manifest declares. */
export type Principal = FunctionPrincipal | 'admin' | 'unknown';

export class LocalAccess {
  readonly #principals = new Map<string, FunctionPrincipal>();

  /** Called once the manifests are loaded; until then a function key is unknown (no function runs before). */
  register(manifests: readonly ServiceManifest[]): void {
    for (const manifest of manifests) {
      for (const [fn, spec] of Object.entries(manifest.functions)) {
        const keyId = functionAccessKeyId(manifest.name, fn);
        const taken = this.#principals.get(keyId);
        if (taken !== undefined) throw new Error(`Access key id ${keyId} of ${manifest.name}.${fn} is also ${taken.service}.${taken.fn}'s`);
        this.#principals.set(keyId, { service: manifest.name, fn, access: spec.access });
      }
    }
  }

  principalOf(accessKeyId: string | undefined): Principal {
    if (accessKeyId === undefined || !accessKeyId.startsWith(FUNCTION_KEY_PREFIX)) return 'admin';
    return this.#principals.get(accessKeyId) ?? 'unknown';
  }
}

/** `Credential=AKID/20260101/region/service/aws4_request` in an Authorization header or X-Amz-Credential. */
export function accessKeyIdOf(authorization: string | undefined, presignedCredential: string | null = null): string | undefined {
  if (presignedCredential !== null) return presignedCredential.split('/')[0];
  const match = authorization === undefined ? null : /Credential=([^/,\s]+)\//.exec(authorization);
  return match?.[1];
}

/** The role a function would have in AWS, for refusals worded like IAM's. */
export function roleArnOf(principal: FunctionPrincipal | 'unknown', accessKeyId: string | undefined): string {
  const name = principal === 'unknown' ? (accessKeyId ?? 'anonymous') : lambdaFunctionName(principal.service, principal.fn);
  return `arn:${LOCAL_PARTITION}:sts::${LOCAL_ACCOUNT}:assumed-role/${name}/${name}`;
}

export const tableArnOf = (table: string): string => `arn:${LOCAL_PARTITION}:dynamodb:${LOCAL_REGION}:${LOCAL_ACCOUNT}:table/${table}`;

export const ownTable = (principal: FunctionPrincipal): string => tableName(principal.service);
export const ownBucket = (principal: FunctionPrincipal): string => bucketName(principal.service);
