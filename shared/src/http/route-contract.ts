import type { z } from 'zod';
import { type DomainError, Forbidden, NotFound, Unauthenticated, ValidationFailed } from '../errors';
import type { RouteAccess } from '../access';
import { ROLES, type Role } from '../roles';
import { IdempotencyKeyInvalid, IdempotencyKeyReused, IdempotentRequestInProgress, InputNotStorable } from './preset-errors';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * An error as an API consumer meets it: the stable `code` programs branch on, the HTTP status it
 * comes with and the Chinese `title` of its problem document (the `detail` varies per case).
 */
export interface ErrorSpec<Code extends string = string> {
  readonly code: Code;
  readonly status: number;
  readonly title: string;
}

/** A service's errors by code. Each entry is checked against the error the service really throws. */
export type ErrorCatalogue<Code extends string = string> = { readonly [C in Code]: ErrorSpec<C> };

export function defineErrorCatalogue<const Code extends string>(entries: {
  readonly [C in Code]: { readonly status: number; readonly title: string };
}): ErrorCatalogue<Code> {
  const catalogue: Partial<Record<Code, ErrorSpec>> = {};
  for (const code of Object.keys(entries) as Code[]) {
    const { status, title } = entries[code];
    if (!Number.isInteger(status) || status < 400 || status > 599) throw new Error(`Error ${code}: status ${status} is not an HTTP error status`);
    catalogue[code] = { code, status, title };
  }
  return catalogue as ErrorCatalogue<Code>;
}

const specOf = <Code extends string>(code: Code, error: DomainError): ErrorSpec<Code> => {
  if (error.code !== code) throw new Error(`Shared error ${code} carries code ${error.code}`);
  return { code, status: error.status, title: error.title };
};

/** The errors of `shared/src/errors.ts` every service uses, read from the error classes themselves. */
export const SHARED_ERRORS = {
  VALIDATION_FAILED: specOf('VALIDATION_FAILED', new ValidationFailed([])),
  UNAUTHENTICATED: specOf('UNAUTHENTICATED', new Unauthenticated()),
  FORBIDDEN: specOf('FORBIDDEN', new Forbidden()),
  NOT_FOUND: specOf('NOT_FOUND', new NotFound('', '')),
} as const satisfies ErrorCatalogue;
export type SharedErrorCode = keyof typeof SHARED_ERRORS;

/**
 * What the HTTP preset (`http-handler.ts`) answers by itself, before or around the handler:
 * a body that is not JSON, a body sent as another media type, and an unexpected failure.
 * `shared/test/route-contract.test.ts` checks these against the preset's real answers.
 */
export const PRESET_ERRORS = defineErrorCatalogue({
  INVALID_JSON: { status: 400, title: '请求格式错误' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: '不支持的请求格式' },
  INTERNAL_ERROR: { status: 500, title: '服务器内部错误' },
});

/**
 * What the preset answers around a service's handler that the service's catalogue must list too
 * (each service answers them, under its routes): the idempotency store's refusals on routes that
 * take an `Idempotency-Key`, and the store's refusal of input no contract should have let
 * through, on every route. Read from the error classes themselves.
 */
export const IDEMPOTENCY_ERRORS = {
  IDEMPOTENCY_KEY_INVALID: specOf('IDEMPOTENCY_KEY_INVALID', new IdempotencyKeyInvalid()),
  IDEMPOTENCY_IN_PROGRESS: specOf('IDEMPOTENCY_IN_PROGRESS', new IdempotentRequestInProgress()),
  IDEMPOTENCY_KEY_REUSED: specOf('IDEMPOTENCY_KEY_REUSED', new IdempotencyKeyReused()),
} as const satisfies ErrorCatalogue;
export const STORE_ERRORS = {
  INPUT_NOT_STORABLE: specOf('INPUT_NOT_STORABLE', new InputNotStorable('')),
} as const satisfies ErrorCatalogue;
/** Every code of the two groups above, for the service catalogues (`...MIDDLEWARE_ERRORS`). */
export const MIDDLEWARE_ERRORS = { ...IDEMPOTENCY_ERRORS, ...STORE_ERRORS } as const satisfies ErrorCatalogue;
export type MiddlewareErrorCode = keyof typeof MIDDLEWARE_ERRORS;

/**
 * Picks a route's errors by code from its service's catalogue and the shared errors; an unknown
 * code does not compile. `const routeErrors = errorPicker(ENROLLMENT_ERRORS)` then
 * `errors: routeErrors('TRAINEE_ALREADY_REGISTERED', 'FORBIDDEN')`.
 */
export function errorPicker<Code extends string>(catalogue: ErrorCatalogue<Code>): (...codes: Array<Code | SharedErrorCode>) => readonly ErrorSpec[] {
  const clash = Object.keys(catalogue).filter((code) => code in SHARED_ERRORS);
  if (clash.length > 0) throw new Error(`Service catalogue redefines shared errors: ${clash.join(', ')}`);
  const all = new Map<string, ErrorSpec>([...Object.values<ErrorSpec>(SHARED_ERRORS), ...Object.values<ErrorSpec>(catalogue)].map((spec) => [spec.code, spec]));
  return (...codes) =>
    codes.map((code) => {
      const spec = all.get(code);
      if (spec === undefined) throw new Error(`Unknown error code ${code}`);
      return spec;
    });
}

/**
 * One object per route: the handler validates with it, the gateway and CDK route with it, and
 * the OpenAPI document is generated from it. `access` declares who may call and on whose data
 * (`shared/src/access.ts`); `roles` are its keys. The JWT authorizer only proves who the caller
 * is; the preset checks the role, the handler the data's owner through `assertAccess`.
 */
export interface RouteContract<
  Body extends z.ZodType | undefined = z.ZodType | undefined,
  Params extends z.ZodObject | undefined = z.ZodObject | undefined,
  Query extends z.ZodObject | undefined = z.ZodObject | undefined,
  Response extends z.ZodType = z.ZodType,
> {
  readonly method: HttpMethod;
  /** API Gateway syntax: `/trainees/{traineeId}`. */
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly tags: readonly string[];
  readonly access: RouteAccess;
  /** The roles `access` names, in `ROLES` order. */
  readonly roles: readonly Role[];
  /**
   * Open to anyone, without a token (the public disclosure list): the gateway and the HTTP API
   * attach no authorizer, and the handler gets an anonymous caller with no roles.
   */
  readonly public?: boolean;
  /**
   * Honours `Idempotency-Key` (the handler is given its service's table; `httpHandler` refuses to
   * build when the two disagree), so it may answer the IDEMPOTENCY_* errors.
   */
  readonly idempotent?: boolean;
  readonly body: Body;
  readonly params: Params;
  readonly query: Query;
  readonly response: { status: number; schema: Response };
  /** A route whose request body is a file (no JSON `body`): the media types it takes, for the API reference. */
  readonly upload?: FileMediaTypes | undefined;
  /** A route that answers with a file instead of JSON (the handler returns `file`). */
  readonly download?: FileMediaTypes | undefined;
  /**
   * Errors this route's handler may answer with, each with its status and title, for the API
   * reference. Those the preset answers for every route are added by `implicitErrors`.
   */
  readonly errors: readonly ErrorSpec[];
}

export interface FileMediaTypes {
  readonly mediaTypes: readonly string[];
  readonly description: string;
}

export function defineRoute<
  Body extends z.ZodType | undefined = undefined,
  Params extends z.ZodObject | undefined = undefined,
  Query extends z.ZodObject | undefined = undefined,
  Response extends z.ZodType = z.ZodType,
>(contract: {
  method: HttpMethod;
  path: string;
  operationId: string;
  summary: string;
  tags: readonly string[];
  /** Required: a route nobody declared access for does not compile (and fails the matrix test). */
  access: RouteAccess;
  public?: boolean;
  idempotent?: boolean;
  body?: Body;
  params?: Params;
  query?: Query;
  response: { status: number; schema: Response };
  upload?: FileMediaTypes;
  download?: FileMediaTypes;
  errors?: readonly ErrorSpec[];
}): RouteContract<Body, Params, Query, Response> {
  // Lists are often assembled from shared groups; the same code twice is one error, unless they disagree.
  const errors = new Map<string, ErrorSpec>();
  for (const error of contract.errors ?? []) {
    const seen = errors.get(error.code);
    if (seen !== undefined && (seen.status !== error.status || seen.title !== error.title)) {
      throw new Error(`Route ${contract.operationId} lists ${error.code} with status ${seen.status} and ${error.status}`);
    }
    errors.set(error.code, error);
  }
  const roles = ROLES.filter((role) => contract.access[role] !== undefined);
  if (roles.length === 0 && contract.public !== true) throw new Error(`Route ${contract.operationId} declares no role in its access`);
  return {
    ...contract,
    roles,
    body: contract.body as Body,
    params: contract.params as Params,
    query: contract.query as Query,
    errors: [...errors.values()],
  };
}

/**
 * The errors the HTTP preset can answer on this route whatever the handler does: the role check
 * (403), JSON parsing of a body (400, 415), zod validation of body, path and query (400), the
 * store refusing an input (400) and, on idempotent routes, the idempotency store's refusals.
 * API Gateway's own 401 and the preset's 500 are documented separately.
 */
export function implicitErrors(contract: Pick<RouteContract, 'body' | 'params' | 'query' | 'idempotent'>): readonly ErrorSpec[] {
  const validated = contract.body !== undefined || contract.params !== undefined || contract.query !== undefined;
  return [
    SHARED_ERRORS.FORBIDDEN,
    ...(validated ? [SHARED_ERRORS.VALIDATION_FAILED] : []),
    ...(contract.body !== undefined ? [PRESET_ERRORS.INVALID_JSON, PRESET_ERRORS.UNSUPPORTED_MEDIA_TYPE] : []),
    STORE_ERRORS.INPUT_NOT_STORABLE,
    ...(contract.idempotent === true ? Object.values(IDEMPOTENCY_ERRORS) : []),
  ];
}

export const routeKey = (route: Pick<RouteContract, 'method' | 'path'>): string => `${route.method} ${route.path}`;
