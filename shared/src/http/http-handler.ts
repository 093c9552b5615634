import { randomUUID } from 'node:crypto';
import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { makeHandlerIdempotent } from '@aws-lambda-powertools/idempotency/middleware';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import middy, { type MiddlewareObj } from '@middy/core';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { z } from 'zod';
import { assertAccess, type DataOwner } from '../access';
import { authContextFromClaims, type AuthContext } from '../auth';
import { DomainError, Forbidden, Unauthenticated, ValidationFailed } from '../errors';
import { createLogger } from '../logger';
import { TTL_ATTRIBUTE } from '../manifest';
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

class IdempotencyKeyReused extends DomainError {
  constructor() {
    super({
      code: 'IDEMPOTENCY_KEY_REUSED',
      status: 422,
      title: '幂等键重复使用',
      detail: '同一个 Idempotency-Key 已用于内容不同的请求，请为新的请求生成新的键。',
    });
  }
}

class IdempotentRequestInProgress extends DomainError {
  constructor() {
    super({
      code: 'IDEMPOTENCY_IN_PROGRESS',
      status: 409,
      title: '请求正在处理',
      detail: '相同 Idempotency-Key 的请求正在处理中，请稍后重试。',
    });
  }
}

/** middy's body parser and Powertools' idempotency signal in their own ways; those become our problems. */
function fromLibraryError(error: unknown): DomainError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  if ('statusCode' in error && error.statusCode === 415) return new UnsupportedMediaType();
  if ('statusCode' in error && error.statusCode === 422) return new MalformedJson();
  if (error instanceof Error && error.name === 'IdempotencyValidationError') return new IdempotencyKeyReused();
  if (error instanceof Error && error.name === 'IdempotencyAlreadyInProgressError') return new IdempotentRequestInProgress();
  return undefined;
}

/**
 * A retried request with the same `Idempotency-Key` from the same caller gets the first answer
 * again instead of being executed twice; without the header the request is not deduplicated.
 * Records live in the service's own table and expire by its TTL attribute.
 */
function idempotency(contract: RouteContract, tableName: string) {
  return makeHandlerIdempotent({
    persistenceStore: new DynamoDBPersistenceLayer({
      tableName,
      keyAttr: 'pk',
      sortKeyAttr: 'sk',
      staticPkValue: `IDEMPOTENCY#${contract.operationId}`,
      expiryAttr: TTL_ATTRIBUTE,
    }),
    config: new IdempotencyConfig({
      eventKeyJmesPath:
        'headers."idempotency-key" && [requestContext.authorizer.jwt.claims.sub, headers."idempotency-key"]',
      payloadValidationJmesPath: 'body',
      throwOnNoIdempotencyKey: false,
      expiresAfterSeconds: 24 * 3600,
    }),
  });
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
  const auth = authContextFromClaims(event.requestContext?.authorizer?.jwt?.claims);
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
  const logger = options.logger ?? createLogger();
  const errorsAsProblems: MiddlewareObj<HttpEvent, APIGatewayProxyStructuredResultV2> = {
    onError: async (request) => {
      const correlationId = correlationIdOf(request.event);
      const headers = { [CORRELATION_HEADER]: correlationId };
      const known = request.error instanceof DomainError ? request.error : fromLibraryError(request.error);
      if (known !== undefined) {
        logger.info('request refused', { code: known.code, status: known.status, context: known.context });
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

  const handler = middy<HttpEvent, APIGatewayProxyStructuredResultV2, Error, AuthorizedContext>().use(errorsAsProblems).use(authorizeFirst);
  if (contract.body !== undefined) handler.use(httpJsonBodyParser());
  if (options.idempotencyTable !== undefined) handler.use(idempotency(contract, options.idempotencyTable));
  return handler.handler(core) as unknown as Handler;
}
