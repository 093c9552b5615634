import { DynamoDBServiceException } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { TRAINEE_ISSUER_ENV } from '../src/env';
import { DomainError } from '../src/errors';
import { httpHandler } from '../src/http/http-handler';
import { defineRoute } from '../src/http/route-contract';
import { createLogger } from '../src/logger';

const echoRoute = defineRoute({
  method: 'POST',
  path: '/things/{thingId}',
  operationId: 'echo',
  summary: '测试',
  tags: ['测试'],
  access: { reviewer: 'area' },
  body: z.object({ count: z.number().int().max(10) }).strict(),
  params: z.object({ thingId: z.string().regex(/^t_\d+$/) }),
  response: { status: 201, schema: z.object({ thingId: z.string(), count: z.number(), caller: z.string() }) },
});

class Conflict extends DomainError {
  constructor() {
    super({ code: 'THING_TAKEN', status: 409, title: '冲突', detail: '已经存在。' });
  }
}

const handler = httpHandler(
  echoRoute,
  async ({ body, params, auth }) => {
    if (body.count === 7) throw new Conflict();
    if (body.count === 9) throw new Error('database exploded at 52210219900101123X');
    if (body.count === 8) {
      // What DynamoDB answers for a key over 2,048 bytes or an item over 400 KB.
      throw new DynamoDBServiceException({
        name: 'ValidationException',
        $fault: 'client',
        $metadata: { httpStatusCode: 400 },
        message: 'One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of 2048 bytes',
      });
    }
    return { body: { thingId: params.thingId, count: body.count, caller: auth.sub } };
  },
  { logger: createLogger('test') },
);

function event(overrides: {
  body?: string;
  contentType?: string;
  groups?: string;
  thingId?: string;
  claims?: Record<string, string> | null;
}): APIGatewayProxyEventV2WithJWTAuthorizer {
  const claims =
    overrides.claims === null ? undefined : (overrides.claims ?? { sub: 'user-1', 'cognito:groups': overrides.groups ?? '[reviewer]' });
  return {
    version: '2.0',
    routeKey: 'POST /things/{thingId}',
    rawPath: `/things/${overrides.thingId ?? 't_1'}`,
    rawQueryString: '',
    headers: { 'content-type': overrides.contentType ?? 'application/json', 'x-correlation-id': 'corr-1' },
    pathParameters: { thingId: overrides.thingId ?? 't_1' },
    body: overrides.body ?? JSON.stringify({ count: 3 }),
    isBase64Encoded: false,
    requestContext: {
      requestId: 'req-1',
      authorizer: claims === undefined ? undefined : { jwt: { claims, scopes: [] } },
    },
  } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
}

async function call(input: APIGatewayProxyEventV2WithJWTAuthorizer) {
  const response = (await handler(input, {} as Context)) as APIGatewayProxyStructuredResultV2;
  return { ...response, json: JSON.parse(String(response.body)) as Record<string, unknown> };
}

describe('HTTP handler preset', () => {
  it('parses and validates the request and answers with the contract status', async () => {
    const response = await call(event({}));
    expect(response.statusCode).toBe(201);
    expect(response.json).toEqual({ thingId: 't_1', count: 3, caller: 'user-1' });
    expect(response.headers?.['x-correlation-id']).toBe('corr-1');
  });

  it('accepts cognito:groups both as API Gateway flattens it and as a JSON array', async () => {
    const flattened = await call(event({ groups: '[trainee reviewer]' }));
    const array = await call(event({ claims: { sub: 'u', 'cognito:groups': '["reviewer"]' } }));
    expect(flattened.statusCode).toBe(201);
    expect(array.statusCode).toBe(403);
  });

  it('answers 401 UNAUTHENTICATED when the authorizer passed no claims', async () => {
    const response = await call(event({ claims: null }));
    expect(response.statusCode).toBe(401);
    expect(response.json).toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
  });

  it('answers 403 FORBIDDEN for a role the route does not allow, before reading the body', async () => {
    const response = await call(event({ groups: '[trainee]', body: 'not json' }));
    expect(response.statusCode).toBe(403);
    expect(response.headers?.['content-type']).toBe('application/problem+json');
    expect(response.json).toMatchObject({ code: 'FORBIDDEN', title: '无权访问' });
  });

  it('a token from the trainee user pool acts as a trainee only, whatever groups it carries; the staff pool\'s keep theirs', async () => {
    const traineeIssuer = 'https://cognito-idp.cn-north-1.amazonaws.com.cn/cn-north-1_trainees';
    process.env[TRAINEE_ISSUER_ENV] = traineeIssuer;
    try {
      const forged = await call(event({ claims: { sub: 'u', iss: traineeIssuer, 'cognito:groups': '[reviewer trainee]' } }));
      expect([forged.statusCode, (forged.json as { code?: string }).code]).toEqual([403, 'FORBIDDEN']);
      const staff = await call(event({ claims: { sub: 'u', iss: 'https://cognito-idp.cn-north-1.amazonaws.com.cn/cn-north-1_staff', 'cognito:groups': '[reviewer]' } }));
      expect(staff.statusCode).toBe(201);
    } finally {
      delete process.env[TRAINEE_ISSUER_ENV];
    }
  });

  it('answers 400 INVALID_JSON for a malformed body', async () => {
    const response = await call(event({ body: '{"count":' }));
    expect(response.statusCode).toBe(400);
    expect(response.json).toMatchObject({ code: 'INVALID_JSON' });
  });

  it('answers 415 for a body that is not JSON', async () => {
    const response = await call(event({ contentType: 'text/plain' }));
    expect(response.statusCode).toBe(415);
    expect(response.json).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('lists every invalid field with its path, code and a Chinese message', async () => {
    const response = await call(event({ body: JSON.stringify({ count: 11, extra: true }), thingId: 'bad' }));
    expect(response.statusCode).toBe(400);
    expect(response.json.code).toBe('VALIDATION_FAILED');
    const errors = response.json.errors as Array<{ path: string; code: string; message: string }>;
    expect(errors.map((error) => error.path).sort()).toEqual(['body', 'body.count']);
    for (const error of errors) expect(error.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('validates path parameters', async () => {
    const response = await call(event({ thingId: 'bad' }));
    expect(response.statusCode).toBe(400);
    expect((response.json.errors as Array<{ path: string }>)[0]?.path).toBe('params.thingId');
  });

  it('maps a domain error to its status and stable code', async () => {
    const response = await call(event({ body: JSON.stringify({ count: 7 }) }));
    expect(response.statusCode).toBe(409);
    expect(response.json).toMatchObject({ code: 'THING_TAKEN', detail: '已经存在。', correlationId: 'corr-1' });
  });

  it('turns an unexpected failure into a 500 that leaks nothing', async () => {
    const response = await call(event({ body: JSON.stringify({ count: 9 }) }));
    expect(response.statusCode).toBe(500);
    expect(response.json.code).toBe('INTERNAL_ERROR');
    expect(String(response.body)).not.toContain('exploded');
  });

  it('answers a DynamoDB ValidationException (input the store refuses) with 400 INPUT_NOT_STORABLE, never a 500', async () => {
    const response = await call(event({ body: JSON.stringify({ count: 8 }) }));
    expect(response.statusCode).toBe(400);
    expect(response.json.code).toBe('INPUT_NOT_STORABLE');
    expect(String(response.body)).not.toContain('hashkey');
  });
});
