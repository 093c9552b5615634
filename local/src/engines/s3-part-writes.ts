import type { FastifyInstance } from 'fastify';
import { isPartPut, requestUrl } from './s3-compat';
import type { DiskS3Persistence } from './s3-disk-persistence';

type FauxqsApp = Pick<FastifyInstance, 'addHook'>;

/**
 * Writes each UploadPart body to disk while the request waits, before fauxqs's synchronous
 * handler runs (DiskS3Persistence.writePartBody): the parallel parts of an upload are then written
 * side by side instead of one after another on the event loop. Bodies fauxqs must decode first
 * (aws-chunked), copies and parts of unknown uploads are left to fauxqs as they are.
 */
export function addPartWritesAhead(app: FauxqsApp, disk: DiskS3Persistence): void {
  app.addHook('preHandler', async (request) => {
    const url = requestUrl(request.url);
    if (!isPartPut(request.method, url) || request.headers['x-amz-copy-source'] !== undefined) return;
    if (request.headers['content-encoding']?.includes('aws-chunked') === true || !Buffer.isBuffer(request.body)) return;
    const uploadId = url.searchParams.get('uploadId') ?? '';
    if (disk.upload(uploadId) === undefined) return;
    await disk.writePartBody(uploadId, Number(url.searchParams.get('partNumber')), request.body);
  });
}
