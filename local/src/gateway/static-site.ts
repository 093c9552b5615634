import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { contentSecurityPolicy, SECURITY_HEADERS } from '../../../web/security-headers';

/**
 * The built web console at the API's own origin, as CloudFront serves it in AWS: files from
 * `web/dist`, and `index.html` for any other page the browser navigates to (the console's routes
 * live in the browser). The gateway asks only after no API route, local endpoint or preflight
 * matched, so an API path is never shadowed; a fetch that misses (no `text/html` in Accept) still
 * gets the API's 404.
 */
export interface StaticSite {
  root: string;
  /** Origins the console may talk to besides its own (the S3 endpoint of presigned uploads). */
  objectStoreOrigins: readonly string[];
}

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
};

async function fileAt(path: string): Promise<{ path: string; size: number } | undefined> {
  try {
    const info = await stat(path);
    return info.isFile() ? { path, size: info.size } : undefined;
  } catch {
    return undefined;
  }
}

/** Resolves `rawPath` inside `root`, or undefined for anything that would leave it. */
function inside(root: string, rawPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const resolved = normalize(join(root, decoded));
  return resolved === root || resolved.startsWith(root.endsWith(sep) ? root : root + sep) ? resolved : undefined;
}

/** Answers the request from the console's files and returns true, or returns false (the API's 404 follows). */
export function staticSiteHandler(site: StaticSite): (request: IncomingMessage, response: ServerResponse, rawPath: string) => Promise<boolean> {
  const root = normalize(site.root);
  const headers = { ...SECURITY_HEADERS, 'content-security-policy': contentSecurityPolicy(site.objectStoreOrigins) };
  return async (request, response, rawPath) => {
    const method = request.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') return false;
    const wanted = inside(root, rawPath);
    let file = wanted === undefined || rawPath === '/' ? undefined : await fileAt(wanted);
    const navigation = (request.headers.accept ?? '').includes('text/html');
    if (file === undefined) {
      // Only a page navigation falls back to the app; a missing script or API fetch is a 404.
      if (!navigation || extname(rawPath) !== '') return false;
      file = await fileAt(join(root, 'index.html'));
      if (file === undefined) return false;
    }
    const hashed = rawPath.startsWith('/assets/');
    response.writeHead(200, {
      ...headers,
      'content-type': TYPES[extname(file.path)] ?? 'application/octet-stream',
      'content-length': file.size,
      // Vite puts a content hash in every asset name; index.html must be fetched again to see a new release.
      'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    if (method === 'HEAD') response.end();
    else createReadStream(file.path).pipe(response);
    return true;
  };
}
