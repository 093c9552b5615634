import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyReadTimeout, ClientAborted, DEFAULT_BODY_TIMEOUT_MS, PayloadTooLarge, readBody, sendJson } from '../http-io';
import { InvocationFailure } from '../lambda/function-host';
import type { RuntimeLog } from '../log';
import { buildHttpApiEvent, type GatewayRequest } from './api-event';
import type { CorsPolicy } from './cors';
import type { AuthorizerResult } from './jwt-authorizer';
import { toHttpResponse } from './lambda-response';
import { admitAdmin } from './admin-guard';
import { LOCAL_TOOLS_PREFIX, type LocalEndpoint } from './local-endpoint';
import { createRouter, type RouteTarget } from './router';
import { staticSiteHandler, type StaticSite } from './static-site';

/** The HTTP API's payload limit. */
export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface GatewayOptions {
  routes: readonly RouteTarget[];
  authorize(authorization: string | undefined): Promise<AuthorizerResult>;
  invoke(service: string, fn: string, event: unknown): Promise<unknown>;
  endpoints: readonly LocalEndpoint[];
  log: RuntimeLog;
  maxBodyBytes?: number;
  /** How long a client may take to send a whole body before it gets 408 and its socket back. */
  bodyTimeoutMs?: number;
  /** Which origins may read the answers (the console's); `./cors.ts`. */
  cors: CorsPolicy;
  /** The built web console, served for what no API route or endpoint answers. */
  site?: StaticSite;
}

const PUBLIC_ROUTE: AuthorizerResult = { authorized: true, claims: {}, scopes: null };

/** API Gateway's own answers carry `{"message": …}` in English, never a problem document. */
const gatewayAnswer = (response: ServerResponse, status: number, message: string, headers: Record<string, string> = {}) =>
  sendJson(response, status, { message }, headers);

function splitUrl(url: string): { rawPath: string; rawQueryString: string } {
  const question = url.indexOf('?');
  return question === -1 ? { rawPath: url, rawQueryString: '' } : { rawPath: url.slice(0, question), rawQueryString: url.slice(question + 1) };
}

const sourceIpOf = (request: IncomingMessage): string => (request.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');

/**
 * The HTTP API in front of the functions: CORS, the JWT authorizer on every non-public API route, routing by
 * the manifests' route contracts, payload format 2.0 events, and the function's structured
 * result written back. A failing function becomes a 500, never a crash of the gateway.
 */
export function createGateway(options: GatewayOptions): (request: IncomingMessage, response: ServerResponse) => void {
  const route = createRouter(options.routes);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const bodyTimeoutMs = options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;
  const serveSite = options.site === undefined ? undefined : staticSiteHandler(options.site);
  const { log } = options;

  async function handle(request: IncomingMessage, response: ServerResponse, requestId: string): Promise<void> {
    const method = request.method ?? 'GET';
    const { rawPath, rawQueryString } = splitUrl(request.url ?? '/');
    if (method === 'OPTIONS') {
      response.writeHead(204, options.cors.preflightHeadersFor(request.headers)).end();
      return;
    }
    const endpoint = options.endpoints.find((candidate) => candidate.method === method && candidate.path === rawPath);
    if (endpoint !== undefined) {
      if (endpoint.path.startsWith(LOCAL_TOOLS_PREFIX) && endpoint.openBecause === undefined && !(await admitAdmin(request.headers.authorization, response, options.authorize))) return;
      await endpoint.handle(request, response);
      return;
    }
    const match = route(method, rawPath);
    if (match === undefined) {
      if (serveSite !== undefined && (await serveSite(request, response, rawPath))) return;
      gatewayAnswer(response, 404, 'Not Found');
      return;
    }
    // A public route has no authorizer (as in AWS): no token is asked for and none is passed on.
    const authorization = match.target.contract.public === true ? PUBLIC_ROUTE : await options.authorize(request.headers.authorization);
    if (!authorization.authorized) {
      gatewayAnswer(response, 401, 'Unauthorized', { 'www-authenticate': authorization.wwwAuthenticate });
      return;
    }
    let body: Buffer;
    try {
      body = await readBody(request, maxBodyBytes, bodyTimeoutMs);
    } catch (error) {
      if (error instanceof PayloadTooLarge) gatewayAnswer(response, 413, 'Request Entity Too Large', { connection: 'close' });
      else if (error instanceof BodyReadTimeout) gatewayAnswer(response, 408, 'Request Timeout', { connection: 'close' });
      else throw error;
      return;
    }
    const gatewayRequest: GatewayRequest = {
      method,
      rawPath,
      rawQueryString,
      headers: request.headers,
      body,
      sourceIp: sourceIpOf(request),
      requestId,
      receivedAt: new Date(),
    };
    const event = buildHttpApiEvent(gatewayRequest, match, authorization);
    const { target } = match;
    try {
      const result = toHttpResponse(await options.invoke(target.service, target.function, event));
      response.writeHead(result.status, { ...result.headers, 'content-length': result.body.length }).end(result.body);
    } catch (error) {
      const where = `${target.routeKey} → ${target.service}.${target.function}`;
      if (error instanceof InvocationFailure) log.error(`函数执行失败 / function failed (${error.kind}): ${where}`, error);
      else log.error(`函数返回了无法识别的响应 / unusable function response: ${where}`, error);
      gatewayAnswer(response, 500, 'Internal Server Error');
    }
  }

  return (request, response) => {
    const requestId = randomUUID();
    const started = performance.now();
    for (const [name, value] of Object.entries({ ...options.cors.headersFor(request.headers), 'apigw-requestid': requestId })) response.setHeader(name, value);
    response.on('finish', () =>
      log.info(`${request.method} ${request.url} → ${response.statusCode} (${Math.round(performance.now() - started)} ms)`),
    );
    handle(request, response, requestId).catch((error: unknown) => {
      // A client that leaves mid-request is an everyday event, not a failure of the gateway.
      if (error instanceof ClientAborted) {
        log.info(`客户端已断开 / client closed the connection: ${request.method} ${request.url}`);
        return;
      }
      log.error(`网关内部错误 / gateway error on ${request.method} ${request.url}`, error);
      if (!response.headersSent) gatewayAnswer(response, 500, 'Internal Server Error');
      else response.destroy();
    });
  };
}
