import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { S3Error, type S3Object } from './fauxqs-internals';
import { objectOf, requestUrl } from './s3-compat';

/**
 * GetObject answered from the object's file (or its part files), streamed and only the range asked
 * for. fauxqs reads the whole body into memory for every GET, ranged or not: a player seeking in a
 * 2 GiB recording, or a verifier resuming its hash, would cost 2 GiB a request. Plain and ranged GETs with
 * If-Match / If-None-Match are served here; anything else (by part number, If-Modified-Since,
 * `?attributes`, a missing bucket or key) goes on to fauxqs, which reads small objects whole.
 */
export interface StoredObjects {
  /** The object's metadata, or undefined when there is none. */
  head(bucket: string, key: string): S3Object | undefined;
  /** Bytes `first`…`last` (inclusive) of the object, streamed from disk. */
  readRange(bucket: string, key: string, first: number, last: number): Readable;
}

type FauxqsApp = Pick<FastifyInstance, 'addHook'>;

/** Query parameters of a plain GetObject: presigning, response overrides (ignored, as fauxqs does), the SDK's `x-id`. */
const isPlainGetParameter = (name: string): boolean => /^(x-amz-|response-|x-id$)/i.test(name);

/** `bytes=a-b`, `bytes=a-`, `bytes=-n` → first and last byte, or undefined when unsatisfiable (as fauxqs parses them). */
export function byteRange(header: string, total: number): { first: number; last: number } | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header);
  if (match === null) return undefined;
  const [, from = '', to = ''] = match;
  if (from === '' && to === '') return undefined;
  if (from === '') {
    const suffix = Number(to);
    return suffix === 0 || suffix > total ? undefined : { first: total - suffix, last: total - 1 };
  }
  const first = Number(from);
  const last = to === '' ? total - 1 : Math.min(Number(to), total - 1);
  return first >= total || first > last ? undefined : { first, last };
}

function sendError(reply: FastifyReply, error: S3Error): FastifyReply {
  return reply.code(error.statusCode).header('content-type', 'application/xml').send(error.toXml());
}

function objectHeaders(reply: FastifyReply, object: S3Object): void {
  reply.header('content-type', object.contentType).header('etag', object.etag).header('last-modified', object.lastModified.toUTCString());
  reply.header('accept-ranges', 'bytes');
  for (const [name, value] of Object.entries(object.metadata)) reply.header(`x-amz-meta-${name}`, value);
  if (object.contentLanguage !== undefined) reply.header('content-language', object.contentLanguage);
  if (object.contentDisposition !== undefined) reply.header('content-disposition', object.contentDisposition);
  if (object.cacheControl !== undefined) reply.header('cache-control', object.cacheControl);
  if (object.contentEncoding !== undefined) reply.header('content-encoding', object.contentEncoding);
}

export function addStreamedReads(app: FauxqsApp, objects: StoredObjects): void {
  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'GET' || request.headers['if-modified-since'] !== undefined || request.headers['if-unmodified-since'] !== undefined) return undefined;
    const url = requestUrl(request.url);
    const { bucket, key } = objectOf(url);
    if (key === '' || [...url.searchParams.keys()].some((name) => !isPlainGetParameter(name))) return undefined;
    const object = objects.head(bucket, key);
    if (object === undefined) return undefined;

    const ifMatch = request.headers['if-match'];
    if (ifMatch !== undefined && ifMatch !== object.etag) {
      return sendError(reply, new S3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412));
    }
    if (request.headers['if-none-match'] === object.etag) return reply.code(304).send();

    objectHeaders(reply, object);
    const total = object.contentLength;
    const rangeHeader = request.headers.range;
    if (rangeHeader === undefined) {
      return reply.code(200).header('content-length', total).send(total === 0 ? '' : objects.readRange(bucket, key, 0, total - 1));
    }
    const range = byteRange(rangeHeader, total);
    if (range === undefined) {
      reply.header('content-range', `bytes */${total}`);
      return sendError(reply, new S3Error('InvalidRange', 'The requested range is not satisfiable', 416));
    }
    return reply
      .code(206)
      .header('content-length', range.last - range.first + 1)
      .header('content-range', `bytes ${range.first}-${range.last}/${total}`)
      .send(objects.readRange(bucket, key, range.first, range.last));
  });
}
