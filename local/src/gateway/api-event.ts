import type { IncomingHttpHeaders } from 'node:http';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { LOCAL_ACCOUNT } from '../local-aws';
import type { RouteMatch } from './router';

export interface GatewayRequest {
  method: string;
  rawPath: string;
  rawQueryString: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  sourceIp: string;
  requestId: string;
  receivedAt: Date;
}

export interface Authorization {
  claims: Record<string, string>;
  scopes: string[] | null;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (value: number): string => String(value).padStart(2, '0');

/** `requestContext.time` uses the access-log format: `12/Mar/2020:19:03:58 +0000`. */
export function accessLogTime(date: Date): string {
  return `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

/**
 * Bodies of these types reach the function as text; anything else (images, uploads, no type at
 * all) base64-encoded with `isBase64Encoded: true`, as the HTTP API does.
 */
function isTextual(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const type = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  return (
    type.startsWith('text/') ||
    type.endsWith('+json') ||
    type.endsWith('+xml') ||
    ['application/json', 'application/xml', 'application/javascript', 'application/x-www-form-urlencoded'].includes(type)
  );
}

/** Lower-case names; repeated headers joined with commas; cookies travel separately. */
function singleValueHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || name === 'cookie') continue;
    result[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return result;
}

/** Decoded values; a repeated parameter becomes one comma-joined value. */
function queryParameters(rawQueryString: string): Record<string, string> | undefined {
  const params = new URLSearchParams(rawQueryString);
  const result: Record<string, string> = {};
  for (const name of new Set(params.keys())) result[name] = params.getAll(name).join(',');
  return Object.keys(result).length === 0 ? undefined : result;
}

/** The HTTP API's Lambda proxy event, payload format 2.0, with the JWT authorizer's output. */
export function buildHttpApiEvent(request: GatewayRequest, match: RouteMatch, authorization: Authorization): APIGatewayProxyEventV2WithJWTAuthorizer {
  const headers = singleValueHeaders(request.headers);
  const cookies = request.headers.cookie?.split(/;\s*/).filter(Boolean);
  const queryStringParameters = queryParameters(request.rawQueryString);
  const domainName = (headers.host ?? 'localhost').replace(/:\d+$/, '');
  const hasBody = request.body.length > 0;
  const textual = isTextual(headers['content-type']);
  const hasPathParameters = Object.keys(match.pathParameters).length > 0;
  return {
    version: '2.0',
    routeKey: match.target.routeKey,
    rawPath: request.rawPath,
    rawQueryString: request.rawQueryString,
    ...(cookies === undefined || cookies.length === 0 ? {} : { cookies }),
    headers,
    ...(queryStringParameters === undefined ? {} : { queryStringParameters }),
    requestContext: {
      accountId: LOCAL_ACCOUNT,
      apiId: 'local',
      authorizer: { jwt: { claims: authorization.claims, scopes: authorization.scopes } },
      domainName,
      domainPrefix: domainName.split('.')[0] ?? domainName,
      http: {
        method: request.method,
        path: request.rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: request.requestId,
      routeKey: match.target.routeKey,
      stage: '$default',
      time: accessLogTime(request.receivedAt),
      timeEpoch: request.receivedAt.getTime(),
    },
    ...(hasPathParameters ? { pathParameters: match.pathParameters } : {}),
    ...(hasBody ? { body: textual ? request.body.toString('utf8') : request.body.toString('base64') } : {}),
    isBase64Encoded: hasBody && !textual,
  };
}
