import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Forbidden, NotFound, Unauthenticated, ValidationFailed } from '../src/errors';
import { httpHandler } from '../src/http/http-handler';
import { defineErrorCatalogue, defineRoute, type ErrorSpec, errorPicker, implicitErrors, PRESET_ERRORS, SHARED_ERRORS } from '../src/http/route-contract';
import { createLogger } from '../src/logger';

const withBody = defineRoute({
  method: 'POST',
  path: '/things/{thingId}',
  operationId: 'putThing',
  summary: '测试',
  tags: [],
  access: { reviewer: 'area' },
  body: z.object({ count: z.number().int() }).strict(),
  params: z.object({ thingId: z.string().regex(/^t_\d+$/) }),
  response: { status: 201, schema: z.object({}) },
});
const withParams = defineRoute({ ...withBody, method: 'GET', operationId: 'getThing', body: undefined, response: { status: 200, schema: z.object({}) } });
const bare = defineRoute({ method: 'GET', path: '/things', operationId: 'listThings', summary: '测试', tags: [], access: { reviewer: 'area' }, response: { status: 200, schema: z.object({}) } });

const handler = httpHandler(
  withBody,
  async () => {
    throw new Error('boom');
  },
  { logger: createLogger('test') },
);

async function problemFor(body: string, contentType = 'application/json', groups = '[reviewer]', thingId = 't_1'): Promise<ErrorSpec> {
  const event = {
    version: '2.0',
    routeKey: 'POST /things/{thingId}',
    rawPath: `/things/${thingId}`,
    rawQueryString: '',
    headers: { 'content-type': contentType },
    pathParameters: { thingId },
    body,
    isBase64Encoded: false,
    requestContext: { requestId: 'req-1', authorizer: { jwt: { claims: { sub: 'user-1', 'cognito:groups': groups }, scopes: [] } } },
  } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
  const response = (await handler(event, {} as Context)) as APIGatewayProxyStructuredResultV2;
  const problem = JSON.parse(String(response.body)) as { code: string; status: number; title: string };
  expect(problem.status).toBe(response.statusCode);
  return { code: problem.code, status: problem.status, title: problem.title };
}

describe('error specs of the shared and preset errors', () => {
  it('shared errors are read from the error classes themselves', () => {
    const spec = (error: { code: string; status: number; title: string }) => ({ code: error.code, status: error.status, title: error.title });
    expect(Object.values(SHARED_ERRORS)).toEqual([spec(new ValidationFailed([])), spec(new Unauthenticated()), spec(new Forbidden()), spec(new NotFound('学员', 'x'))]);
  });

  it('the preset answers INVALID_JSON, UNSUPPORTED_MEDIA_TYPE and INTERNAL_ERROR with the status and title documented', async () => {
    expect(await problemFor('{"count":')).toEqual(PRESET_ERRORS.INVALID_JSON);
    expect(await problemFor('count=1', 'text/plain')).toEqual(PRESET_ERRORS.UNSUPPORTED_MEDIA_TYPE);
    expect(await problemFor('{"count":1}')).toEqual(PRESET_ERRORS.INTERNAL_ERROR);
  });

  it('the preset answers the role check and validation with the shared FORBIDDEN and VALIDATION_FAILED', async () => {
    expect(await problemFor('{"count":1}', 'application/json', '[trainee]')).toEqual(SHARED_ERRORS.FORBIDDEN);
    expect(await problemFor('{"count":1}', 'application/json', '[reviewer]', 'bad')).toEqual(SHARED_ERRORS.VALIDATION_FAILED);
  });

  it('implicit errors follow what the route gives the preset to check', () => {
    const codes = (route: Parameters<typeof implicitErrors>[0]) => implicitErrors(route).map((error) => error.code);
    expect(codes(withBody)).toEqual(['FORBIDDEN', 'VALIDATION_FAILED', 'INVALID_JSON', 'UNSUPPORTED_MEDIA_TYPE', 'INPUT_NOT_STORABLE']);
    expect(codes(withParams)).toEqual(['FORBIDDEN', 'VALIDATION_FAILED', 'INPUT_NOT_STORABLE']);
    expect(codes(bare)).toEqual(['FORBIDDEN', 'INPUT_NOT_STORABLE']);
    expect(codes({ ...withBody, idempotent: true })).toEqual([
      'FORBIDDEN', 'VALIDATION_FAILED', 'INVALID_JSON', 'UNSUPPORTED_MEDIA_TYPE', 'INPUT_NOT_STORABLE',
      'IDEMPOTENCY_KEY_INVALID', 'IDEMPOTENCY_IN_PROGRESS', 'IDEMPOTENCY_KEY_REUSED',
    ]);
  });

  it('a handler given a table for Idempotency-Key must have an idempotent contract, and the other way round', () => {
    const handle = async () => ({ body: {} });
    expect(() => httpHandler(withBody, handle, { idempotencyTable: 'things' })).toThrow('Route putThing: idempotent is false in its contract');
    expect(() => httpHandler(defineRoute({ ...withBody, idempotent: true }), handle, {})).toThrow('Route putThing: idempotent is true in its contract');
  });
});

describe('error catalogues and route error lists', () => {
  const catalogue = defineErrorCatalogue({ THING_TAKEN: { status: 409, title: '已存在' }, THING_BROKEN: { status: 503, title: '故障' } });
  const pick = errorPicker(catalogue);

  it('a catalogue entry carries its code, status and title', () => {
    expect(catalogue.THING_TAKEN).toEqual({ code: 'THING_TAKEN', status: 409, title: '已存在' });
    expect(() => defineErrorCatalogue({ THING_FINE: { status: 200, title: '成功' } })).toThrow('not an HTTP error status');
  });

  it('a route picks its errors by code, from its catalogue and the shared errors', () => {
    expect(pick('THING_TAKEN', 'NOT_FOUND')).toEqual([catalogue.THING_TAKEN, SHARED_ERRORS.NOT_FOUND]);
    expect(() => errorPicker(defineErrorCatalogue({ FORBIDDEN: { status: 401, title: '禁止' } }))).toThrow('redefines shared errors: FORBIDDEN');
  });

  it('a code listed twice is one error; twice with different statuses is refused', () => {
    const route = defineRoute({ ...bare, errors: [...pick('THING_TAKEN', 'FORBIDDEN'), ...pick('THING_TAKEN')] });
    expect(route.errors.map((error) => error.code)).toEqual(['THING_TAKEN', 'FORBIDDEN']);
    expect(() => defineRoute({ ...bare, errors: [catalogue.THING_TAKEN, { ...catalogue.THING_TAKEN, status: 422 }] })).toThrow(
      'lists THING_TAKEN with status 409 and 422',
    );
    expect(bare.errors).toEqual([]);
  });
});
