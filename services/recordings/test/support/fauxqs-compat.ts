import type { FastifyInstance } from 'fastify';

/**
 * fauxqs lacks two S3 behaviours the recordings service depends on; these Fastify hooks add them
 * without touching fauxqs itself:
 *   - ListParts (`GET /{bucket}/{key}?uploadId=…`, paginated): fauxqs routes that request to
 *     GetObject. The hooks remember each multipart upload's parts as fauxqs accepts them.
 *   - Expiry of presigned URLs: fauxqs checks no signature at all, so an expired UploadPart URL
 *     would still work and the uploader's re-signing could never be exercised. Only expiry is
 *     checked (X-Amz-Date + X-Amz-Expires), answered with S3's own 403 AccessDenied.
 * Meant to move to `local/src/engines/s3-emulator.ts`, so `npm start` can resume uploads too.
 */
/** fauxqs's `buildApp()` is a Fastify instance (fastify comes with fauxqs). */
type FauxqsApp = Pick<FastifyInstance, 'addHook'>;

export interface TrackedPart {
  readonly partNumber: number;
  readonly etag: string;
  readonly size: number;
  readonly lastModified: Date;
}

export interface PartPutRecord {
  readonly uploadId: string;
  readonly partNumber: number;
  readonly status: number;
}

export interface CompatControls {
  /** Every UploadPart request that reached a verdict, in order (status 200 = stored). */
  readonly partPuts: PartPutRecord[];
  /** Multipart uploads created so far. */
  readonly uploadsCreated: () => number;
  /** Presigned requests refused as expired. */
  readonly expiredRefusals: () => number;
  /** Answers the next `count` UploadPart requests with 503 SlowDown, as S3 does under load. */
  failNextPartPuts(count: number): void;
  /**
   * Once `count` parts are stored, answers further UploadPart requests with 503 until `release()`:
   * an upload that stalls part-way, and nothing left in flight to land later.
   */
  refusePartPutsAfter(count: number): void;
  release(): void;
}

const XML_HEADER = '<?xml version="1.0" encoding="UTF-8"?>';

function s3Error(code: string, message: string): string {
  return `${XML_HEADER}<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
}

function parseAmzDate(value: string): number | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (match === null) return undefined;
  const [, year, month, day, hour, minute, second] = match.map(Number);
  return Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1, hour ?? 0, minute ?? 0, second ?? 0);
}

/** `/bucket/key/with/slashes?…` → bucket and key (path-style addressing only). */
function objectOf(url: URL): { bucket: string; key: string } {
  const [, bucket = '', ...key] = url.pathname.split('/');
  return { bucket: decodeURIComponent(bucket), key: key.map(decodeURIComponent).join('/') };
}

function listPartsXml(url: URL, uploadId: string, parts: ReadonlyMap<number, TrackedPart>): string {
  const { bucket, key } = objectOf(url);
  const maxParts = Math.min(1000, Number(url.searchParams.get('max-parts') ?? '1000'));
  const marker = Number(url.searchParams.get('part-number-marker') ?? '0');
  const after = [...parts.values()].filter((part) => part.partNumber > marker).sort((a, b) => a.partNumber - b.partNumber);
  const page = after.slice(0, maxParts);
  const truncated = after.length > page.length;
  const escape = (text: string): string => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('"', '&quot;');
  return [
    XML_HEADER,
    '<ListPartsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">',
    `<Bucket>${escape(bucket)}</Bucket><Key>${escape(key)}</Key><UploadId>${escape(uploadId)}</UploadId>`,
    `<PartNumberMarker>${marker}</PartNumberMarker>`,
    `<NextPartNumberMarker>${page.at(-1)?.partNumber ?? marker}</NextPartNumberMarker>`,
    `<MaxParts>${maxParts}</MaxParts><IsTruncated>${truncated}</IsTruncated>`,
    ...page.map(
      (part) =>
        `<Part><PartNumber>${part.partNumber}</PartNumber><LastModified>${part.lastModified.toISOString()}</LastModified>` +
        `<ETag>${escape(part.etag)}</ETag><Size>${part.size}</Size></Part>`,
    ),
    '<StorageClass>STANDARD</StorageClass></ListPartsResult>',
  ].join('');
}

export function addMultipartCompat(app: FauxqsApp): CompatControls {
  const uploads = new Map<string, Map<number, TrackedPart>>();
  const partPuts: PartPutRecord[] = [];
  let created = 0;
  let expired = 0;
  let failuresToInject = 0;
  let refuseAfter = Number.POSITIVE_INFINITY;

  const urlOf = (raw: string): URL => new URL(raw, 'http://emulator.invalid');
  const isPartPut = (method: string, url: URL): boolean =>
    method === 'PUT' && url.searchParams.has('uploadId') && url.searchParams.has('partNumber');
  const stored = (): number => partPuts.filter((put) => put.status === 200).length;

  app.addHook('onRequest', async (request, reply) => {
    const url = urlOf(request.url);
    const amzDate = url.searchParams.get('X-Amz-Date');
    const amzExpires = url.searchParams.get('X-Amz-Expires');
    if (amzDate !== null && amzExpires !== null) {
      const signedAt = parseAmzDate(amzDate);
      if (signedAt === undefined || Date.now() > signedAt + Number(amzExpires) * 1000) {
        expired += 1;
        if (isPartPut(request.method, url)) {
          partPuts.push({ uploadId: url.searchParams.get('uploadId') ?? '', partNumber: Number(url.searchParams.get('partNumber')), status: 403 });
        }
        return reply.code(403).header('content-type', 'application/xml').send(s3Error('AccessDenied', 'Request has expired'));
      }
    }
    if (isPartPut(request.method, url)) {
      const refuse = failuresToInject > 0 || stored() >= refuseAfter;
      if (refuse) {
        failuresToInject = Math.max(0, failuresToInject - 1);
        partPuts.push({ uploadId: url.searchParams.get('uploadId') ?? '', partNumber: Number(url.searchParams.get('partNumber')), status: 503 });
        return reply.code(503).header('content-type', 'application/xml').send(s3Error('SlowDown', 'Please reduce your request rate.'));
      }
    }
    const uploadId = url.searchParams.get('uploadId');
    if (request.method === 'GET' && uploadId !== null) {
      const parts = uploads.get(uploadId);
      if (parts === undefined) {
        return reply.code(404).header('content-type', 'application/xml').send(s3Error('NoSuchUpload', 'The specified upload does not exist.'));
      }
      return reply.code(200).header('content-type', 'application/xml').send(listPartsXml(url, uploadId, parts));
    }
    return undefined;
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const url = urlOf(request.url);
    if (request.method === 'POST' && url.searchParams.has('uploads') && reply.statusCode === 200 && typeof payload === 'string') {
      const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(payload)?.[1];
      if (uploadId !== undefined) {
        uploads.set(uploadId, new Map());
        created += 1;
      }
    }
    return payload;
  });

  app.addHook('onResponse', async (request, reply) => {
    const url = urlOf(request.url);
    const uploadId = url.searchParams.get('uploadId');
    if (uploadId === null) return;
    if (isPartPut(request.method, url) && request.headers['x-amz-copy-source'] === undefined) {
      const partNumber = Number(url.searchParams.get('partNumber'));
      if (reply.statusCode === 403 || reply.statusCode === 503) return; // recorded where refused
      partPuts.push({ uploadId, partNumber, status: reply.statusCode });
      const etag = reply.getHeader('etag');
      if (reply.statusCode === 200 && typeof etag === 'string') {
        const size = Buffer.isBuffer(request.body) ? request.body.length : Number(request.headers['content-length'] ?? 0);
        uploads.get(uploadId)?.set(partNumber, { partNumber, etag, size, lastModified: new Date() });
      }
    } else if ((request.method === 'POST' && reply.statusCode === 200) || (request.method === 'DELETE' && reply.statusCode === 204)) {
      uploads.delete(uploadId);
    }
  });

  return {
    partPuts,
    uploadsCreated: () => created,
    expiredRefusals: () => expired,
    failNextPartPuts(count) {
      failuresToInject = count;
    },
    refusePartPutsAfter(count) {
      refuseAfter = count;
    },
    release() {
      refuseAfter = Number.POSITIVE_INFINITY;
    },
  };
}
