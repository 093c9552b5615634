import type { FastifyInstance } from 'fastify';
import { isExpiredPresigned, isPartPut, requestUrl } from '../../../../local/src/engines/s3-compat';

/**
 * What the uploader tests need on top of the local S3 (local/src/engines/s3-compat.ts): a record
 * of every UploadPart verdict and S3's 503 SlowDown on demand. Added after the compat hooks, so a
 * request those refuse (an expired URL) never reaches the injection.
 */
type FauxqsApp = Pick<FastifyInstance, 'addHook'>;

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

const SLOW_DOWN = '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>';

export function addFaultInjection(app: FauxqsApp): CompatControls {
  const partPuts: PartPutRecord[] = [];
  let created = 0;
  let expired = 0;
  let failuresToInject = 0;
  let refuseAfter = Number.POSITIVE_INFINITY;
  const stored = (): number => partPuts.filter((put) => put.status === 200).length;

  app.addHook('onRequest', async (request, reply) => {
    const url = requestUrl(request.url);
    if (!isPartPut(request.method, url)) return undefined;
    if (failuresToInject > 0 || stored() >= refuseAfter) {
      failuresToInject = Math.max(0, failuresToInject - 1);
      return reply.code(503).header('content-type', 'application/xml').send(SLOW_DOWN);
    }
    return undefined;
  });

  app.addHook('onResponse', async (request, reply) => {
    const url = requestUrl(request.url);
    if (request.method === 'POST' && url.searchParams.has('uploads') && reply.statusCode === 200) created += 1;
    if (reply.statusCode === 403 && isExpiredPresigned(url, Date.now())) expired += 1;
    if (isPartPut(request.method, url) && request.headers['x-amz-copy-source'] === undefined) {
      partPuts.push({ uploadId: url.searchParams.get('uploadId') ?? '', partNumber: Number(url.searchParams.get('partNumber')), status: reply.statusCode });
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
