import type { FunctionPrincipal } from './function-access';
import { ownBucket } from './function-access';

export type ObjectAccess = 'read' | 'write' | 'delete';

/** What a request needs on which key (`undefined` key: a bucket-level request). */
export interface S3Need {
  readonly access: ObjectAccess | 'bucket';
  readonly bucket: string;
  readonly key: string | undefined;
}

/**
 * The grant a path-style S3 request needs, as CDK's grantRead/grantPut/grantDelete split S3's
 * actions: reads (GetObject, HeadObject, ListParts), writes (PutObject, CopyObject, parts,
 * Create/Complete/AbortMultipartUpload, PutObjectRetention), deletes (DeleteObject). Listing the
 * bucket comes with any read grant, as `grantRead(fn, 'prefix/*')` allows s3:List* on the bucket;
 * other bucket-level requests (create, configure, DeleteObjects) are no function's business.
 */
export function s3NeedOf(method: string, bucket: string, key: string, query: URLSearchParams): S3Need {
  if (key === '') return { access: method === 'GET' || method === 'HEAD' ? 'read' : 'bucket', bucket, key: undefined };
  if (method === 'GET' || method === 'HEAD') return { access: 'read', bucket, key };
  if (method === 'DELETE' && !query.has('uploadId')) return { access: 'delete', bucket, key };
  return { access: 'write', bucket, key };
}

export function s3Granted(principal: FunctionPrincipal, need: S3Need): boolean {
  if (need.bucket !== ownBucket(principal) || need.access === 'bucket') return false;
  const prefixes = principal.access.bucket?.[need.access] ?? [];
  if (need.key === undefined) return prefixes.length > 0;
  const key = need.key;
  return prefixes.some((prefix) => key.startsWith(prefix));
}
