import type { FastifyInstance } from 'fastify';
import { objectOf, requestUrl } from '../engines/s3-compat';
import { accessKeyIdOf, roleArnOf, type LocalAccess } from './function-access';
import { s3Granted, s3NeedOf } from './s3-grants';

const escapeXml = (text: string): string => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('"', '&quot;');

/**
 * Refuses, with S3's 403 AccessDenied, a request signed with a function's key (Authorization
 * header, or X-Amz-Credential of a presigned URL: it acts with the signer's rights, as in AWS)
 * that the function's access list does not grant. Registered before the emulator's other hooks.
 */
export function addS3Access(app: Pick<FastifyInstance, 'addHook'>, access: LocalAccess): void {
  app.addHook('onRequest', async (request, reply) => {
    if (request.method === 'OPTIONS') return undefined; // a CORS preflight carries no credentials
    const url = requestUrl(request.url);
    const keyId = accessKeyIdOf(request.headers.authorization, url.searchParams.get('X-Amz-Credential'));
    const principal = access.principalOf(keyId);
    if (principal === 'admin') return undefined;
    const { bucket, key } = objectOf(url);
    const need = s3NeedOf(request.method, bucket, key, url.searchParams);
    if (principal !== 'unknown' && s3Granted(principal, need)) return undefined;
    const what = principal === 'unknown' ? 'an unknown function key' : `the access list of ${principal.service}.${principal.fn}`;
    const message = `User: ${roleArnOf(principal, keyId)} is not authorized to ${need.access} ${bucket}/${key} (local emulation of IAM: not granted by ${what})`;
    return reply
      .code(403)
      .header('content-type', 'application/xml')
      .send(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>${escapeXml(message)}</Message></Error>`);
  });
}
