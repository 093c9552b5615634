import type { FastifyInstance } from 'fastify';

/**
 * S3 behaviours fauxqs lacks and the recordings service depends on, added as Fastify hooks on
 * fauxqs's `buildApp()` without touching fauxqs itself:
 *   - ListParts (`GET /{bucket}/{key}?uploadId=…`, paginated): fauxqs routes that request to
 *     GetObject. The hooks answer it from the open upload's stored parts, so a client that lost
 *     its state can resume.
 *   - Expiry of presigned URLs: fauxqs checks no signature at all, so an expired UploadPart URL
 *     would still work and re-signing could never be exercised. Only expiry is checked
 *     (X-Amz-Date + X-Amz-Expires), answered with S3's own 403 AccessDenied.
 *   - Conditional writes: `If-None-Match: *` on PutObject and CompleteMultipartUpload answers 412
 *     when the key holds an object, as S3 does.
 *   - Object Lock: a bucket created with `x-amz-bucket-object-lock-enabled` refuses any write over
 *     an existing key (fauxqs keeps no versions, so S3's "new version, old one retained" would
 *     destroy the old bytes here), and refuses deleting an object under governance retention
 *     (PutObjectRetention) unless `x-amz-bypass-governance-retention: true` is sent.
 * What the hooks need to know (objects, open uploads' parts, Object Lock, retention) they ask of
 * the storage (CompatState, implemented by s3-disk-persistence.ts), so it survives a restart.
 */
type FauxqsApp = Pick<FastifyInstance, 'addHook'>;

export interface TrackedPart {
  readonly partNumber: number;
  readonly etag: string;
  readonly size: number;
  readonly lastModified: Date;
}

export interface CompatState {
  hasObject(bucket: string, key: string): boolean;
  /** The parts of an open multipart upload, or undefined when there is no such upload. */
  listParts(uploadId: string): readonly TrackedPart[] | undefined;
  isObjectLockEnabled(bucket: string): boolean;
  enableObjectLock(bucket: string): void;
  /** Under governance retention (PutObjectRetention); the retain-until date is not kept. */
  isRetained(bucket: string, key: string): boolean;
  retain(bucket: string, key: string): void;
}

const XML_HEADER = '<?xml version="1.0" encoding="UTF-8"?>';

const escapeXml = (text: string): string => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('"', '&quot;');

function s3Error(code: string, message: string): string {
  return `${XML_HEADER}<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error>`;
}

function parseAmzDate(value: string): number | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (match === null) return undefined;
  const [, year, month, day, hour, minute, second] = match.map(Number);
  return Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1, hour ?? 0, minute ?? 0, second ?? 0);
}

/** `/bucket/key/with/slashes?…` → bucket and key (path-style addressing only; key '' for bucket requests). */
export function objectOf(url: URL): { bucket: string; key: string } {
  const [, bucket = '', ...key] = url.pathname.split('/');
  return { bucket: decodeURIComponent(bucket), key: key.map(decodeURIComponent).join('/') };
}

/** Request URLs are relative; any base will do to read path and query. */
export const requestUrl = (raw: string): URL => new URL(raw, 'http://emulator.invalid');

export const isPartPut = (method: string, url: URL): boolean =>
  method === 'PUT' && url.searchParams.has('uploadId') && url.searchParams.has('partNumber');

/** A presigned request whose X-Amz-Date + X-Amz-Expires lies in the past (or cannot be read). */
export function isExpiredPresigned(url: URL, now: number): boolean {
  const amzDate = url.searchParams.get('X-Amz-Date');
  const amzExpires = url.searchParams.get('X-Amz-Expires');
  if (amzDate === null || amzExpires === null) return false;
  const signedAt = parseAmzDate(amzDate);
  return signedAt === undefined || now > signedAt + Number(amzExpires) * 1000;
}

function listPartsXml(url: URL, uploadId: string, parts: readonly TrackedPart[]): string {
  const { bucket, key } = objectOf(url);
  const maxParts = Math.min(1000, Number(url.searchParams.get('max-parts') ?? '1000'));
  const marker = Number(url.searchParams.get('part-number-marker') ?? '0');
  const after = parts.filter((part) => part.partNumber > marker).sort((a, b) => a.partNumber - b.partNumber);
  const page = after.slice(0, maxParts);
  const truncated = after.length > page.length;
  return [
    XML_HEADER,
    '<ListPartsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">',
    `<Bucket>${escapeXml(bucket)}</Bucket><Key>${escapeXml(key)}</Key><UploadId>${escapeXml(uploadId)}</UploadId>`,
    `<PartNumberMarker>${marker}</PartNumberMarker>`,
    `<NextPartNumberMarker>${page.at(-1)?.partNumber ?? marker}</NextPartNumberMarker>`,
    `<MaxParts>${maxParts}</MaxParts><IsTruncated>${truncated}</IsTruncated>`,
    ...page.map(
      (part) =>
        `<Part><PartNumber>${part.partNumber}</PartNumber><LastModified>${part.lastModified.toISOString()}</LastModified>` +
        `<ETag>${escapeXml(part.etag)}</ETag><Size>${part.size}</Size></Part>`,
    ),
    '<StorageClass>STANDARD</StorageClass></ListPartsResult>',
  ].join('');
}

/** What an object-level request does, as far as the hooks care. */
type ObjectWrite = 'put' | 'complete' | 'delete' | 'retention';

/** PutObject and CopyObject alike are a PUT on the key without a sub-resource. */
function objectWriteOf(method: string, url: URL): ObjectWrite | undefined {
  if (objectOf(url).key === '') return undefined;
  if (method === 'PUT' && url.searchParams.has('retention')) return 'retention';
  if (method === 'PUT' && !url.searchParams.has('uploadId') && !url.searchParams.has('tagging') && !url.searchParams.has('acl')) return 'put';
  if (method === 'POST' && url.searchParams.has('uploadId')) return 'complete';
  if (method === 'DELETE' && !url.searchParams.has('uploadId')) return 'delete';
  return undefined;
}

const headerIs = (value: string | string[] | undefined, expected: string): boolean =>
  typeof value === 'string' && value.trim().toLowerCase() === expected;

export function addS3Compat(app: FauxqsApp, state: CompatState): void {
  const reject = (status: number, code: string, message: string) => ({ status, body: s3Error(code, message) });

  function refusalOf(method: string, url: URL, headers: Record<string, string | string[] | undefined>) {
    if (isExpiredPresigned(url, Date.now())) return reject(403, 'AccessDenied', 'Request has expired');
    const uploadId = url.searchParams.get('uploadId');
    if (method === 'GET' && uploadId !== null && state.listParts(uploadId) === undefined) {
      return reject(404, 'NoSuchUpload', 'The specified upload does not exist.');
    }
    const write = objectWriteOf(method, url);
    if (write === undefined) return undefined;
    const { bucket, key } = objectOf(url);
    if ((write === 'put' || write === 'complete') && state.hasObject(bucket, key)) {
      if (headerIs(headers['if-none-match'], '*')) {
        return reject(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold');
      }
      if (state.isObjectLockEnabled(bucket)) return reject(403, 'AccessDenied', 'Object Lock: the object exists and cannot be overwritten (local emulation)');
    }
    if (write === 'delete' && state.isRetained(bucket, key) && !headerIs(headers['x-amz-bypass-governance-retention'], 'true')) {
      return reject(403, 'AccessDenied', 'Access Denied because object protected by object lock.');
    }
    if (write === 'retention' && !state.isObjectLockEnabled(bucket)) {
      return reject(400, 'InvalidRequest', 'Bucket is missing Object Lock Configuration');
    }
    return undefined;
  }

  app.addHook('onRequest', async (request, reply) => {
    const url = requestUrl(request.url);
    const refusal = refusalOf(request.method, url, request.headers);
    if (refusal !== undefined) return reply.code(refusal.status).header('content-type', 'application/xml').send(refusal.body);
    const uploadId = url.searchParams.get('uploadId');
    const parts = request.method === 'GET' && uploadId !== null ? state.listParts(uploadId) : undefined;
    if (uploadId !== null && parts !== undefined) {
      return reply.code(200).header('content-type', 'application/xml').send(listPartsXml(url, uploadId, parts));
    }
    if (objectWriteOf(request.method, url) === 'retention') {
      // Retention is what the hooks enforce; fauxqs would treat the request as a PutObject.
      const { bucket, key } = objectOf(url);
      if (!state.hasObject(bucket, key)) return reply.code(404).header('content-type', 'application/xml').send(s3Error('NoSuchKey', 'The specified key does not exist.'));
      state.retain(bucket, key);
      return reply.code(200).send('');
    }
    return undefined;
  });

  app.addHook('onResponse', async (request, reply) => {
    const url = requestUrl(request.url);
    const ok = reply.statusCode >= 200 && reply.statusCode < 300;
    const { bucket, key } = objectOf(url);
    if (ok && request.method === 'PUT' && key === '' && headerIs(request.headers['x-amz-bucket-object-lock-enabled'], 'true')) {
      state.enableObjectLock(bucket);
    }
  });
}
