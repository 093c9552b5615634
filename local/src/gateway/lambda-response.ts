import { z } from 'zod';

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

const structuredResultSchema = z.object({
  statusCode: z.number().int().min(100).max(599),
  headers: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  cookies: z.array(z.string()).optional(),
  body: z.string().optional(),
  isBase64Encoded: z.boolean().optional(),
});

export class MalformedLambdaResponse extends Error {
  constructor(issues: string) {
    super(`The function returned a malformed response: ${issues}`);
    this.name = 'MalformedLambdaResponse';
  }
}

/**
 * Payload format 2.0 response rules: an object with `statusCode` is taken as is; anything else
 * counts as a 200 JSON body, which is how the HTTP API reads a bare return value.
 */
export function toHttpResponse(result: unknown): HttpResponse {
  const isStructured = typeof result === 'object' && result !== null && 'statusCode' in result;
  if (!isStructured) {
    const body = typeof result === 'string' ? result : JSON.stringify(result ?? null);
    return { status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from(body) };
  }
  const parsed = structuredResultSchema.safeParse(result);
  if (!parsed.success) throw new MalformedLambdaResponse(z.prettifyError(parsed.error));
  const { statusCode, headers = {}, cookies, body = '', isBase64Encoded = false } = parsed.data;
  const responseHeaders: Record<string, string | string[]> = Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name.toLowerCase(), String(value)]),
  );
  if (cookies !== undefined && cookies.length > 0) responseHeaders['set-cookie'] = cookies;
  return { status: statusCode, headers: responseHeaders, body: Buffer.from(body, isBase64Encoded ? 'base64' : 'utf8') };
}
