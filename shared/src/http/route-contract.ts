import type { z } from 'zod';
import type { Role } from '../roles';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * One object per route: the handler validates with it, the gateway and CDK route with it, and
 * the OpenAPI document is generated from it. `roles` lists who may call; the JWT authorizer
 * only proves who the caller is, the handler checks the role.
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
  readonly roles: readonly Role[];
  readonly body: Body;
  readonly params: Params;
  readonly query: Query;
  readonly response: { status: number; schema: Response };
  /** Error codes this route may answer with, for the API reference. */
  readonly errors: readonly string[];
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
  roles: readonly Role[];
  body?: Body;
  params?: Params;
  query?: Query;
  response: { status: number; schema: Response };
  errors?: readonly string[];
}): RouteContract<Body, Params, Query, Response> {
  return {
    ...contract,
    body: contract.body as Body,
    params: contract.params as Params,
    query: contract.query as Query,
    errors: contract.errors ?? [],
  };
}

export const routeKey = (route: Pick<RouteContract, 'method' | 'path'>): string => `${route.method} ${route.path}`;
