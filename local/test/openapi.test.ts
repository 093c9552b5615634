import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { implicitErrors, routeKey } from '@peixun/shared';
import { serviceManifests } from '../../services/manifests';
import { buildOpenApiDocument, type OpenApiOperation } from '../src/openapi';
import { probeManifest } from './fixtures/manifest';

const manifests = [...serviceManifests, probeManifest];
const document = buildOpenApiDocument(manifests, 'http://127.0.0.1:3000');

/**
 * The structural rules of OpenAPI 3.1 that a generator can get wrong (required members, response
 * objects with descriptions, parameter locations, unique operation ids, resolvable references).
 */
const schemaObject = z.record(z.string(), z.unknown());
const mediaTypes = z.record(z.string().regex(/^[\w.+-]+\/[\w.+-]+$/), z.object({ schema: schemaObject }));
const operationSchema = z.object({
  operationId: z.string().min(1),
  summary: z.string().min(1),
  tags: z.array(z.string()),
  parameters: z
    .array(z.object({ name: z.string(), in: z.enum(['path', 'query', 'header', 'cookie']), required: z.boolean(), schema: schemaObject }))
    .optional(),
  requestBody: z.object({ required: z.boolean(), content: mediaTypes }).optional(),
  responses: z.record(z.string().regex(/^([1-5]\d\d|[1-5]XX|default)$/), z.object({ description: z.string().min(1), content: mediaTypes.optional() })),
  security: z.array(z.record(z.string(), z.array(z.string()))),
});
const openApi31 = z.object({
  openapi: z.string().regex(/^3\.1\.\d+$/),
  info: z.object({ title: z.string().min(1), version: z.string().min(1) }),
  servers: z.array(z.object({ url: z.string() })),
  paths: z.record(z.string().startsWith('/'), z.partialRecord(z.enum(['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace']), operationSchema)),
  components: z.object({ schemas: z.record(z.string().regex(/^[\w.-]+$/), schemaObject), securitySchemes: z.record(z.string(), schemaObject) }),
});

function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) => (key === '$ref' && typeof inner === 'string' ? [inner] : refsIn(inner)));
}

describe('OpenAPI document', () => {
  it('has the shape of an OpenAPI 3.1 document', () => {
    const result = openApi31.safeParse(document);
    expect(result.success ? [] : result.error.issues).toEqual([]);
  });

  it('lists every route of every manifest, once', () => {
    const documented = Object.entries(document.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
    const routes = manifests.flatMap((manifest) => manifest.routes.map((binding) => routeKey(binding.contract)));
    expect(documented.sort()).toEqual(routes.sort());
    const ids = Object.values(document.paths).flatMap((methods) => Object.values(methods).map((operation) => operation.operationId));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('resolves every $ref inside the document, and components carry no $id/$schema of their own', () => {
    for (const ref of refsIn(document)) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(document.components.schemas).toHaveProperty(ref.split('/').pop() ?? '');
    }
    for (const schema of Object.values(document.components.schemas)) {
      expect(schema).not.toHaveProperty('$id');
      expect(schema).not.toHaveProperty('$schema');
    }
  });

  it('documents parameters, body, roles with their declared access, security and problem responses of a route', () => {
    const operation = document.paths['/probe/{probeId}/echo']?.post;
    expect(operation).toMatchObject({
      operationId: 'echoProbe',
      'x-roles': ['trainee', 'admin'],
      'x-access': { trainee: 'own-record', admin: 'any' },
      description: '允许的角色：学员（本人的记录）、系统管理员（全部记录）。',
      security: [{ cognitoIdToken: [] }],
      parameters: [
        { name: 'probeId', in: 'path', required: true, description: '探针编号', schema: { type: 'string' } },
        { name: 'verbose', in: 'query', required: false, schema: { type: 'string', enum: ['yes', 'no'] } },
      ],
      requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/EchoProbeRequest' } } } },
    });
    // 403 from the role check, 400/415 from parsing and validating the body, 503 from the contract's own list.
    expect(Object.keys(operation?.responses ?? {}).sort()).toEqual(['200', '400', '401', '403', '415', '500', '503']);
    expect(operation?.responses['400']?.content?.['application/problem+json']?.schema).toEqual({
      allOf: [{ $ref: '#/components/schemas/Problem' }, { properties: { status: { const: 400 }, code: { enum: ['VALIDATION_FAILED', 'INVALID_JSON', 'INPUT_NOT_STORABLE'] } } }],
    });
    expect(operation?.responses['503']?.description).toContain('`PROBE_BROKEN`：探针故障');
    expect(document.components.securitySchemes.cognitoIdToken).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  });

  it('shares one component for a response schema used by several routes', () => {
    const enrollment = serviceManifests.find((manifest) => manifest.name === 'enrollment');
    const schemas = new Set(enrollment?.routes.map((binding) => binding.contract.response.schema));
    const refs = new Set(
      Object.values(document.paths)
        .flatMap((methods) => Object.values(methods))
        .filter((operation) => operation['x-service'] === 'enrollment')
        .map((operation) => JSON.stringify(Object.values(operation.responses)[0]?.content?.['application/json']?.schema)),
    );
    expect(refs.size).toBe(schemas.size);
  });
});

const PROBLEM = 'application/problem+json';
const operations = (): Array<{ key: string; service: string; operation: OpenApiOperation }> =>
  Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ key: `${method.toUpperCase()} ${path}`, service: operation['x-service'], operation })),
  );
const codesAt = (operation: OpenApiOperation | undefined, status: string): unknown => {
  const schema = operation?.responses[status]?.content?.[PROBLEM]?.schema as { allOf?: Array<{ properties?: { code?: { enum?: unknown } } }> } | undefined;
  return schema?.allOf?.[1]?.properties?.code?.enum;
};

describe('OpenAPI error responses', () => {
  it('POST /trainees answers 409 with TRAINEE_ALREADY_REGISTERED, its Chinese title and an example problem', () => {
    const operation = document.paths['/trainees']?.post;
    expect(codesAt(operation, '409')).toEqual(['IDEMPOTENCY_IN_PROGRESS', 'TRAINEE_ALREADY_REGISTERED', 'TRAINEE_ACCOUNT_ALREADY_LINKED']);
    expect(operation?.responses['409']?.description).toContain('`TRAINEE_ALREADY_REGISTERED`：学员已登记');
    expect(operation?.responses['409']?.content?.[PROBLEM]?.examples?.TRAINEE_ALREADY_REGISTERED).toMatchObject({
      summary: '学员已登记',
      value: { type: 'https://peixun.example.gov.cn/problems/trainee-already-registered', title: '学员已登记', status: 409, code: 'TRAINEE_ALREADY_REGISTERED' },
    });
    expect(codesAt(operation, '400')).toEqual(['VALIDATION_FAILED', 'INVALID_JSON', 'INPUT_NOT_STORABLE', 'IDEMPOTENCY_KEY_INVALID']);
    expect(codesAt(operation, '422')).toContain('IDEMPOTENCY_KEY_REUSED');
    expect(operation?.parameters).toContainEqual(expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: false }));
    expect(codesAt(operation, '403')).toEqual(['FORBIDDEN']);
    expect(codesAt(operation, '415')).toEqual(['UNSUPPORTED_MEDIA_TYPE']);
  });

  it('files each code under its own status: 422 and 409 apart on POST /trainees/me/account, 429 and 503 on check-in', () => {
    const link = document.paths['/trainees/me/account']?.post;
    expect(codesAt(link, '422')).toEqual(['IDEMPOTENCY_KEY_REUSED', 'TRAINEE_IDENTITY_NOT_MATCHED']);
    expect(codesAt(link, '409')).toEqual(['IDEMPOTENCY_IN_PROGRESS', 'TRAINEE_ALREADY_CLAIMED', 'TRAINEE_ACCOUNT_ALREADY_LINKED']);
    const checkIn = document.paths['/sessions/{sessionId}/check-ins']?.post;
    expect(codesAt(checkIn, '429')).toEqual(['DEVICE_RATE_LIMITED', 'LOCKED_OUT']);
    expect(codesAt(checkIn, '503')).toEqual(['DEVICE_BUSY', 'FACE_ENGINE_BUSY']);
    expect(codesAt(checkIn, '404')).toEqual(['SESSION_NOT_FOUND']);
  });

  it('has no catch-all 4XX: every problem response narrows status and code, with one example per code', () => {
    for (const { key, operation } of operations()) {
      expect(Object.keys(operation.responses), key).not.toContain('4XX');
      for (const [status, response] of Object.entries(operation.responses)) {
        const media = response.content?.[PROBLEM];
        if (media === undefined) continue;
        const codes = codesAt(operation, status) as string[];
        expect(media.schema, `${key} ${status}`).toMatchObject({ allOf: [{ $ref: '#/components/schemas/Problem' }, { properties: { status: { const: Number(status) } } }] });
        expect(Object.keys(media.examples ?? {}), `${key} ${status}`).toEqual(codes);
        for (const [code, example] of Object.entries(media.examples ?? {})) {
          expect(example.value, `${key} ${status} ${code}`).toMatchObject({ status: Number(status), code, title: example.summary });
          expect(response.description).toContain(`\`${code}\`：${example.summary}`);
        }
      }
    }
  });

  it('documents every error of every route contract under the status the contract gives it, and the preset errors too', () => {
    for (const manifest of manifests) {
      for (const { contract } of manifest.routes) {
        const operation = document.paths[contract.path]?.[contract.method.toLowerCase()];
        for (const error of [...contract.errors, ...implicitErrors(contract)]) {
          expect(codesAt(operation, String(error.status)), `${routeKey(contract)} ${error.code}`).toContain(error.code);
        }
      }
    }
  });

  it('keeps the generic answers: the gateway 401 in its own shape, 500 INTERNAL_ERROR, no 415 without a JSON body', () => {
    const operation = document.paths['/trainees/{traineeId}']?.get;
    expect(operation?.responses['401']).toEqual({
      description: '未提供有效的令牌（由 API 网关直接返回）',
      content: { 'application/json': { schema: { type: 'object', properties: { message: { type: 'string' } }, required: ['message'] } } },
    });
    expect(codesAt(operation, '500')).toEqual(['INTERNAL_ERROR']);
    expect(operation?.responses['500']?.content?.[PROBLEM]?.examples?.INTERNAL_ERROR?.summary).toBe('服务器内部错误');
    expect(codesAt(operation, '400')).toEqual(['VALIDATION_FAILED', 'INPUT_NOT_STORABLE']);
    expect(operation?.parameters?.map((parameter) => parameter.name)).not.toContain('Idempotency-Key');
    expect(codesAt(operation, '404')).toEqual(['NOT_FOUND']);
    expect(operation?.responses).not.toHaveProperty('415');
    // No body, params or query: nothing to validate, only the role check (and the store's own limits).
    const anomalies = document.paths['/attendance-anomalies']?.get;
    expect(Object.keys(anomalies?.responses ?? {}).sort()).toEqual(['200', '400', '401', '403', '500']);
    expect(codesAt(anomalies, '400')).toEqual(['INPUT_NOT_STORABLE']);
  });
});
