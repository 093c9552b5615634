import type { FastifyInstance } from 'fastify';

/**
 * CORS on the S3 emulator, as the recordings bucket's CORS rule gives it in AWS
 * (`infra`: PUT/GET from the console, `ETag` exposed): the web console uploads parts straight to
 * presigned URLs from its own origin and must read each part's ETag to complete the upload.
 * fauxqs has no CORS, so a browser's preflight would fail. Registered before the other hooks, and
 * set on the raw response, so answers that hooks stream themselves carry the headers too.
 */
const ALLOWED_METHODS = 'GET, PUT, POST, HEAD';
const EXPOSED = 'ETag, x-amz-request-id, Content-Length, Content-Range';

export function addS3Cors(app: Pick<FastifyInstance, 'addHook'>): void {
  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (origin === undefined) return undefined;
    reply.raw.setHeader('access-control-allow-origin', '*');
    reply.raw.setHeader('access-control-expose-headers', EXPOSED);
    if (request.method !== 'OPTIONS') return undefined;
    return reply
      .code(204)
      .header('access-control-allow-methods', ALLOWED_METHODS)
      .header('access-control-allow-headers', request.headers['access-control-request-headers'] ?? '*')
      .header('access-control-max-age', '3000')
      .send();
  });
}
