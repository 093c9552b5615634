import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { routeKey } from '@peixun/shared';
import { serviceManifests } from '../../services/manifests';
import { buildOpenApiDocument } from '../src/openapi';
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

  it('documents parameters, body, roles, security and problem responses of a route', () => {
    const operation = document.paths['/probe/{probeId}/echo']?.post;
    expect(operation).toMatchObject({
      operationId: 'echoProbe',
      'x-roles': ['trainee', 'admin'],
      description: '允许的角色：学员、系统管理员。',
      security: [{ cognitoIdToken: [] }],
      parameters: [
        { name: 'probeId', in: 'path', required: true, description: '探针编号', schema: { type: 'string' } },
        { name: 'verbose', in: 'query', required: false, schema: { type: 'string', enum: ['yes', 'no'] } },
      ],
      requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/EchoProbeRequest' } } } },
    });
    expect(Object.keys(operation?.responses ?? {}).sort()).toEqual(['200', '400', '401', '4XX', '500']);
    expect(operation?.responses['400']?.content?.['application/problem+json']?.schema).toEqual({
      allOf: [{ $ref: '#/components/schemas/Problem' }, { properties: { code: { enum: ['VALIDATION_FAILED'] } } }],
    });
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
