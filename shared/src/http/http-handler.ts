import { randomUUID } from 'node:crypto';
import middy, { type MiddlewareObj } from '@middy/core';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { z } from 'zod';
import { assertAccess, type DataOwner } from '../access';
import { authContextFromClaims, limitTraineePoolRoles, type AuthContext } from '../auth';
import { TRAINEE_ISSUER_ENV } from '../env';
import { DomainError, Forbidden, Unauthenticated, ValidationFailed } from '../errors';
import { createLogger, loggableContext } from '../logger';
import { FUNCTION_DEFAULTS } from '../manifest';
import { IDEMPOTENCY_KEY_HEADER, IdempotencyStore, isKeptAnswer } from './idempotency';
import { InputNotStorable } from './preset-errors';
import { fieldsFromZod, problemFor, problemResponse } from './problem';
import type { RouteContract } from './route-contract';

type Infer<T> = T extends z.ZodType ? z.infer<T> : undefined;

export interface HttpRequest<C extends RouteContract> {
  body: Infer<C['body']>;
  params: Infer<C['params']>;
  query: Infer<C['query']>;
  auth: AuthContext;
  correlationId: string;
  idempotencyKey: string | undefined;
  /** The caller's address as API Gateway saw it: what public routes and guessable routes limit per source. */
  sourceIp: string;
  logger: Logger;
  /** For routes without a JSON body (file uploads): the bytes as sent, base64 undone, and their media type. */
  upload: { bytes: Buffer; contentType: string | undefined } | undefined;
  /**
   * The route's declared access (`contract.access`) applied to the owner of the data the handler
   * found: 403 unless one of the caller's roles may act on it. Called before any state is told.
   */
  assertAccess: (owner: DataOwner, detail?: string) => void;
}

/** A JSON body checked against the route's response schema, or (for `download` routes) a file. */
export type HttpResult<C extends RouteContract> =
  | { body: z.input<C['response']['schema']>; headers?: Record<string, string> }
  | { file: HttpFile; headers?: Record<string, string> };

export interface HttpFile {
  bytes: Buffer;
  contentType: string;
  /** Offered to the browser as the download's name (any script, RFC 6266 `filename*`). */
  fileName: string;
}

type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
/** The caller is authorized before the body is even parsed, and handed on through the context. */
type AuthorizedContext = Context & { auth?: AuthContext };
type Handler = (event: HttpEvent, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

const CORRELATION_HEADER = 'x-correlation-id';

class UnsupportedMediaType extends DomainError {
  constructor() {
    super({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      status: 415,
      title: '不支持的请求格式',
      detail: '请求体必须是 JSON（Content-Type: application/json）。',
    });
  }
}

class MalformedJson extends DomainError {
  constructor() {
    super({ code: 'INVALID_JSON', status: 400, title: '请求格式错误', detail: '请求体不是有效的 JSON。' });
  }
}

/** middy's body parser and the AWS SDK signal in their own ways; those become our problems. */
function fromLibraryError(error: unknown): DomainError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  if ('statusCode' in error && error.statusCode === 415) return new UnsupportedMediaType();
  if ('statusCode' in error && error.statusCode === 422) return new MalformedJson();
  if (error instanceof Error && error.name === 'ValidationException' && '$metadata' in error) return new InputNotStorable(error.message);
  return undefined;
}

/** A first run holds its key while its function may still be running; after that a retry may take over. */
function lockMsOf(context: Context): number {
  return typeof context.getRemainingTimeInMillis === 'function' ? context.getRemainingTimeInMillis() : FUNCTION_DEFAULTS.timeoutSeconds * 1000;
}

function correlationIdOf(event: HttpEvent): string {
  return event.headers?.[CORRELATION_HEADER] ?? event.requestContext?.requestId ?? randomUUID();
}

function parsePart<T extends z.ZodType | undefined>(schema: T, value: unknown, part: string): Infer<T> {
  if (schema === undefined) return undefined as Infer<T>;
  const result = schema.safeParse(value ?? {});
  if (!result.success) throw new ValidationFailed(fieldsFromZod(result.error, part));
  return result.data as Infer<T>;
}

/** API Gateway hands binary bodies over base64-encoded (`isBase64Encoded`), text bodies as they are. */
function uploadOf(event: HttpEvent): HttpRequest<RouteContract>['upload'] {
  if (event.body === undefined || event.body === null) return undefined;
  return {
    bytes: Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8'),
    contentType: event.headers?.['content-type'],
  };
}

/** The caller of a public route who sent no token. */
const ANONYMOUS: AuthContext = { sub: 'anonymous', username: 'anonymous', roles: [] };

function authorize(contract: RouteContract, event: HttpEvent): AuthContext {
  const claims = event.requestContext?.authorizer?.jwt?.claims;
  const auth = limitTraineePoolRoles(authContextFromClaims(claims), claims?.iss, process.env[TRAINEE_ISSUER_ENV]);
  if (contract.public === true) return auth ?? ANONYMOUS;
  if (auth === undefined) throw new Unauthenticated();
  if (!contract.roles.some((role) => auth.roles.includes(role))) {
    throw new Forbidden(undefined, { route: contract.operationId, roles: auth.roles });
  }
  return auth;
}

/**
 * The preset every HTTP function uses: role check, JSON body parsing, zod validation of body,
 * path and query, errors as RFC 9457 problems with a stable code, and a correlation id that
 * follows the request into the logs and back to the caller.
 */
export interface HttpHandlerOptions {
  logger?: Logger;
  /** The service's table; given for mutating routes so they honour `Idempotency-Key`. */
  idempotencyTable?: string;
}

export function httpHandler<C extends RouteContract>(
  contract: C,
  handle: (request: HttpRequest<C>) => Promise<HttpResult<C>>,
  options: HttpHandlerOptions = {},
): Handler {
  // The API reference promises the IDEMPOTENCY_* errors exactly where a key is honoured.
  if ((options.idempotencyTable !== undefined) !== (contract.idempotent === true)) {
    throw new Error(`Route ${contract.operationId}: idempotent is ${String(contract.idempotent === true)} in its contract, but its handler was ${options.idempotencyTable === undefined ? 'not ' : ''}given a table for Idempotency-Key`);
  }
  const logger = options.logger ?? createLogger();
  const errorsAsProblems: MiddlewareObj<HttpEvent, APIGatewayProxyStructuredResultV2> = {
    onError: async (request) => {
      const correlationId = correlationIdOf(request.event);
      const headers = { [CORRELATION_HEADER]: correlationId };
      const known = request.error instanceof DomainError ? request.error : fromLibraryError(request.error);
      if (known !== undefined) {
        // What the store refused may also be our own bug (a malformed expression): kept in sight at warn level.
        const level = known instanceof InputNotStorable ? 'warn' : 'info';
        logger[level]('request refused', { code: known.code, status: known.status, context: loggableContext(known.context) });
        request.response = problemResponse(problemFor(known, correlationId), headers);
        return;
      }
      logger.error('unexpected failure', { error: request.error });
      request.response = problemResponse(
        {
          type: 'about:blank',
          title: '服务器内部错误',
          status: 500,
          detail: '系统暂时无法处理您的请求，请稍后重试；如持续出现，请联系管理员并提供请求编号。',
          code: 'INTERNAL_ERROR',
          correlationId,
        },
        headers,
      );
    },
  };

  const authorizeFirst: MiddlewareObj<HttpEvent, APIGatewayProxyStructuredResultV2, Error, AuthorizedContext> = {
    before: async (request) => {
      request.context.auth = authorize(contract, request.event);
    },
  };

  const core = async (event: HttpEvent, context: AuthorizedContext): Promise<APIGatewayProxyStructuredResultV2> => {
    const correlationId = correlationIdOf(event);
    logger.appendKeys({ correlationId, route: contract.operationId });
    try {
      const auth = context.auth ?? authorize(contract, event);
      const result = await handle({
        body: parsePart<C['body']>(contract.body, event.body, 'body'),
        params: parsePart<C['params']>(contract.params, event.pathParameters, 'params'),
        query: parsePart<C['query']>(contract.query, event.queryStringParameters, 'query'),
        auth,
        correlationId,
        idempotencyKey: event.headers?.['idempotency-key'],
        sourceIp: event.requestContext?.http?.sourceIp ?? 'unknown',
        logger,
        upload: contract.body === undefined ? uploadOf(event) : undefined,
        assertAccess: (owner, detail) => assertAccess(contract.access, auth, owner, detail),
      });
      if ('file' in result) {
        return {
          statusCode: contract.response.status,
          headers: {
            'content-type': result.file.contentType,
            'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(result.file.fileName)}`,
            [CORRELATION_HEADER]: correlationId,
            ...result.headers,
          },
          body: result.file.bytes.toString('base64'),
          isBase64Encoded: true,
        };
      }
      return {
        statusCode: contract.response.status,
        headers: { 'content-type': 'application/json', [CORRELATION_HEADER]: correlationId, ...result.headers },
        body: JSON.stringify(result.body),
      };
    } finally {
      logger.removeKeys(['correlationId', 'route']);
    }
  };

  const { idempotencyTable } = options;
  /** Built by the first request with a key, not at import: most cold starts serve none. */
  let store: IdempotencyStore | undefined;
  /** The work is done whatever happens to its record: a failure to keep the answer is logged, not answered as a 500. */
  const keep = async (target: IdempotencyStore, claim: Parameters<IdempotencyStore['complete']>[0], answer: APIGatewayProxyStructuredResultV2) => {
    await target.complete(claim, answer).catch((error: unknown) => logger.error('idempotent answer not kept', { route: contract.operationId, error }));
  };
  /**
   * With an `Idempotency-Key` (on routes given a table) the request runs at most once per key and
   * caller; its answer, or the use case's refusal, is kept and replayed (./idempotency.ts).
   */
  const idempotent = async (event: HttpEvent, context: AuthorizedContext): Promise<APIGatewayProxyStructuredResultV2> => {
    const key = event.headers?.[IDEMPOTENCY_KEY_HEADER];
    if (idempotencyTable === undefined || key === undefined) return core(event, context);
    const target = (store ??= IdempotencyStore.forTable(idempotencyTable));
    const claim = await target.begin(
      {
        operationId: contract.operationId,
        callerSub: (context.auth ?? authorize(contract, event)).sub,
        key,
        body: event.body,
        params: event.pathParameters,
        query: event.queryStringParameters,
        lockMs: lockMsOf(context),
      },
      Date.now(),
    );
    if (claim.kind === 'replay') {
      return { ...claim.response, headers: { ...claim.response.headers, [CORRELATION_HEADER]: correlationIdOf(event) } };
    }
    let answer: APIGatewayProxyStructuredResultV2;
    try {
      answer = await core(event, context);
    } catch (error) {
      if (error instanceof DomainError && isKeptAnswer(error.status, error.code)) {
        await keep(target, claim, problemResponse(problemFor(error, correlationIdOf(event)), { [CORRELATION_HEADER]: correlationIdOf(event) }));
      } else {
        // The caller learns of the failure itself; a key left held frees itself when its lock runs out.
        await target.release(claim).catch((releaseError: unknown) => logger.error('idempotency key not released', { route: contract.operationId, error: releaseError }));
      }
      throw error;
    }
    await keep(target, claim, answer);
    return answer;
  };

  const handler = middy<HttpEvent, APIGatewayProxyStructuredResultV2, Error, AuthorizedContext>().use(errorsAsProblems).use(authorizeFirst);
  if (contract.body !== undefined) handler.use(httpJsonBodyParser());
  return handler.handler(idempotent) as unknown as Handler;
}
