/**
 * The console's security headers, defined once for whatever serves it: the local gateway
 * (`local/src/gateway/static-site.ts`) and CloudFront's response-headers policy
 * (`infra/src/constructs/console-site.ts`). Element Plus sets inline styles, hence
 * `style-src 'unsafe-inline'`; scripts only from the console's own origin. Uploads and the
 * recording player talk to the S3 endpoint directly (presigned URLs), so that origin is allowed
 * for `connect-src` and `media-src`; in AWS the API and Cognito's token endpoint are other origins
 * the console calls (`apiAndLoginOrigins`), locally both are the console's own.
 */
export function contentSecurityPolicy(objectStoreOrigins: readonly string[], apiAndLoginOrigins: readonly string[] = []): string {
  const s3 = objectStoreOrigins.join(' ');
  const services = apiAndLoginOrigins.join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' ${services} ${s3}`.replace(/ +/g, ' ').trim(),
    `media-src 'self' blob: ${s3}`.trim(),
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join('; ');
}

/** Headers besides the CSP (HSTS belongs to an HTTPS host, not to the local gateway). */
export const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'permissions-policy': 'camera=(self), microphone=(), geolocation=()',
} as const;
