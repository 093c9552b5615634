import { z } from 'zod';
import {
  Forbidden,
  NotFound,
  PROBLEM_CONTENT_TYPE,
  ROLE_LABELS,
  Unauthenticated,
  ValidationFailed,
  problemSchema,
  type RouteContract,
  type ServiceManifest,
} from '@peixun/shared';

/** The subset of OpenAPI 3.1 this generator writes. */
export type JsonSchema = Record<string, unknown>;

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

export interface OpenApiResponse {
  description: string;
  content?: Record<string, { schema: JsonSchema }>;
}

export interface OpenApiOperation {
  operationId: string;
  summary: string;
  description: string;
  tags: string[];
  'x-roles': string[];
  'x-service': string;
  parameters?: OpenApiParameter[];
  requestBody?: { required: true; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, OpenApiResponse>;
  security: Array<Record<string, string[]>>;
}

export interface OpenApiDocument {
  openapi: '3.1.1';
  info: { title: string; version: string; description: string };
  servers: Array<{ url: string; description: string }>;
  tags: Array<{ name: string }>;
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: {
    schemas: Record<string, JsonSchema>;
    securitySchemes: Record<string, Record<string, string>>;
  };
}

const SECURITY_SCHEME = 'cognitoIdToken';
const PROBLEM_COMPONENT = 'Problem';
const schemaRef = (id: string): JsonSchema => ({ $ref: `#/components/schemas/${id}` });

/** Statuses of the errors every service shares, read from the error classes themselves. */
const SHARED_ERROR_STATUS: ReadonlyMap<string, number> = new Map(
  [new ValidationFailed([]), new Unauthenticated(), new Forbidden(), new NotFound('', '')].map((error) => [error.code, error.status]),
);

const pascalCase = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** Standalone schemas live in components; their own `$schema`/`$id` would confuse OpenAPI tools. */
function component(schema: JsonSchema): JsonSchema {
  const { $schema: _dialect, $id: _id, ...rest } = schema;
  return rest;
}

/**
 * Request schemas describe what callers send (zod "input": before defaults and transforms),
 * response schemas what they receive ("output"), so each direction is converted on its own.
 */
class SchemaComponents {
  readonly #requests = z.registry<{ id: string }>();
  readonly #responses = z.registry<{ id: string }>();

  request(schema: z.ZodType, id: string): JsonSchema {
    return schemaRef(this.#register(this.#requests, schema, id));
  }

  response(schema: z.ZodType, id: string): JsonSchema {
    return schemaRef(this.#register(this.#responses, schema, id));
  }

  toComponents(): Record<string, JsonSchema> {
    const convert = (registry: z.core.$ZodRegistry<{ id: string }>, io: 'input' | 'output') =>
      z.toJSONSchema(registry, {
        target: 'draft-2020-12',
        io,
        unrepresentable: 'any',
        uri: (id) => `#/components/schemas/${id}`,
      }).schemas;
    const all = { ...convert(this.#requests, 'input'), ...convert(this.#responses, 'output') };
    return Object.fromEntries(Object.entries(all).map(([id, schema]) => [id, component(schema as JsonSchema)]));
  }

  /** A schema shared by several routes is one component, named by the first route that uses it. */
  #register(registry: z.core.$ZodRegistry<{ id: string }>, schema: z.ZodType, id: string): string {
    const existing = registry.get(schema)?.id;
    if (existing !== undefined) return existing;
    registry.add(schema, { id });
    return id;
  }
}

function parametersOf(schema: z.ZodObject | undefined, location: 'path' | 'query'): OpenApiParameter[] {
  if (schema === undefined) return [];
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set(json.required ?? []);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...propertySchema } = property;
    return {
      name,
      in: location,
      // Path parameters are always required in OpenAPI.
      required: location === 'path' || required.has(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: propertySchema,
    };
  });
}

/** Error codes grouped by status; codes whose status the contract does not state share `4XX`. */
function errorResponses(contract: RouteContract): Record<string, OpenApiResponse> {
  const byStatus = new Map<string, string[]>();
  for (const code of contract.errors) {
    const status = String(SHARED_ERROR_STATUS.get(code) ?? '4XX');
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return Object.fromEntries(
    [...byStatus].map(([status, codes]) => [
      status,
      {
        description: `错误（application/problem+json），code 为：${codes.join('、')}`,
        content: {
          [PROBLEM_CONTENT_TYPE]: { schema: { allOf: [schemaRef(PROBLEM_COMPONENT), { properties: { code: { enum: codes } } }] } },
        },
      },
    ]),
  );
}

function operationOf(service: string, contract: RouteContract, schemas: SchemaComponents): OpenApiOperation {
  const name = pascalCase(contract.operationId);
  const parameters = [...parametersOf(contract.params, 'path'), ...parametersOf(contract.query, 'query')];
  const roles = contract.roles.map((role) => ROLE_LABELS[role]).join('、');
  return {
    operationId: contract.operationId,
    summary: contract.summary,
    description: `允许的角色：${roles}。`,
    tags: [...contract.tags],
    'x-roles': [...contract.roles],
    'x-service': service,
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(contract.body === undefined
      ? {}
      : { requestBody: { required: true, content: { 'application/json': { schema: schemas.request(contract.body, `${name}Request`) } } } }),
    responses: {
      [String(contract.response.status)]: {
        description: '成功',
        content: { 'application/json': { schema: schemas.response(contract.response.schema, `${name}Response`) } },
      },
      '401': {
        description: '未提供有效的令牌（由 API 网关直接返回）',
        content: { 'application/json': { schema: { type: 'object', properties: { message: { type: 'string' } }, required: ['message'] } } },
      },
      ...errorResponses(contract),
      '500': { description: '服务器内部错误', content: { [PROBLEM_CONTENT_TYPE]: { schema: schemaRef(PROBLEM_COMPONENT) } } },
    },
    security: [{ [SECURITY_SCHEME]: [] }],
  };
}

/** The API reference, generated from the same route contracts the handlers validate with. */
export function buildOpenApiDocument(manifests: readonly ServiceManifest[], serverUrl: string): OpenApiDocument {
  const schemas = new SchemaComponents();
  schemas.response(problemSchema, PROBLEM_COMPONENT);
  const paths: OpenApiDocument['paths'] = {};
  const tags = new Set<string>();
  for (const manifest of manifests) {
    for (const { contract } of manifest.routes) {
      contract.tags.forEach((tag) => tags.add(tag));
      paths[contract.path] = { ...paths[contract.path], [contract.method.toLowerCase()]: operationOf(manifest.name, contract, schemas) };
    }
  }
  return {
    openapi: '3.1.1',
    info: {
      title: '职业技能培训补贴管理系统 API',
      version: '0.1.0',
      description: '由各服务的路由契约自动生成。所有接口需要 Bearer 令牌（Cognito ID 令牌；本地运行时由 POST /auth/token 签发）。',
    },
    servers: [{ url: serverUrl, description: '本地运行环境' }],
    tags: [...tags].map((name) => ({ name })),
    paths,
    components: {
      schemas: schemas.toComponents(),
      securitySchemes: {
        [SECURITY_SCHEME]: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'Cognito 用户池签发的 ID 令牌；本地为开发身份服务签发的同格式令牌。',
        },
      },
    },
  };
}
