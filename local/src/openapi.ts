import { z } from 'zod';
import {
  DomainError,
  type ErrorSpec,
  implicitErrors,
  PRESET_ERRORS,
  PROBLEM_CONTENT_TYPE,
  DATA_SCOPE_LABELS,
  ROLE_LABELS,
  problemFor,
  problemSchema,
  type RouteContract,
  type ServiceManifest,
} from '@peixun/shared';

/** The subset of OpenAPI 3.1 this generator writes. */
export type JsonSchema = Record<string, unknown>;

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

export interface OpenApiExample {
  summary: string;
  value: unknown;
}

export interface OpenApiMediaType {
  schema: JsonSchema;
  examples?: Record<string, OpenApiExample>;
}

export interface OpenApiResponse {
  description: string;
  content?: Record<string, OpenApiMediaType>;
}

export interface OpenApiOperation {
  operationId: string;
  summary: string;
  description: string;
  tags: string[];
  'x-roles': string[];
  'x-access': Record<string, string>;
  'x-service': string;
  parameters?: OpenApiParameter[];
  requestBody?: { required: true; description?: string; content: Record<string, { schema: JsonSchema }> };
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

/** What a problem document with this code looks like; `detail` differs from case to case. */
function problemExample(error: ErrorSpec): OpenApiExample {
  const detail = '（具体原因及处理办法，因情形而异）';
  return { summary: error.title, value: problemFor(new DomainError({ ...error, detail })) };
}

/** Routes that honour it (`idempotent` in their contract) say so, with Stripe's semantics in a sentence. */
const IDEMPOTENCY_KEY_PARAMETER: OpenApiParameter = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description: '幂等键（建议 UUID）：同一键的相同请求在 24 小时内只执行一次并重放首次结果；同一键用于不同请求答复 422 IDEMPOTENCY_KEY_REUSED。',
  schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]+$' },
};

/** One problem response: the Problem schema with `status` and `code` narrowed, an example per code. */
function problemResponseOf(status: number, errors: readonly ErrorSpec[], heading: string): OpenApiResponse {
  const codes = errors.map((error) => error.code);
  return {
    description: [heading, ...errors.map((error) => `- \`${error.code}\`：${error.title}`)].join('\n'),
    content: {
      [PROBLEM_CONTENT_TYPE]: {
        schema: { allOf: [schemaRef(PROBLEM_COMPONENT), { properties: { status: { const: status }, code: { enum: codes } } }] },
        examples: Object.fromEntries(errors.map((error) => [error.code, problemExample(error)])),
      },
    },
  };
}

/**
 * The route's errors and those the HTTP preset answers on it (role check, JSON parsing,
 * validation), one response per status, each listing its codes with their Chinese titles.
 */
function errorResponses(contract: RouteContract): Record<string, OpenApiResponse> {
  const byCode = new Map<string, ErrorSpec>();
  for (const error of [...implicitErrors(contract), ...contract.errors]) byCode.set(error.code, error);
  const byStatus = new Map<number, ErrorSpec[]>();
  for (const error of byCode.values()) byStatus.set(error.status, [...(byStatus.get(error.status) ?? []), error]);
  return Object.fromEntries(
    [...byStatus]
      .sort(([a], [b]) => a - b)
      .map(([status, errors]) => [String(status), problemResponseOf(status, errors, '请求未被受理（application/problem+json），code 为以下之一：')]),
  );
}

/** A file as a request or response body: OpenAPI 3.1 describes raw bytes by their media type alone. */
const fileContent = (mediaTypes: readonly string[]): Record<string, { schema: JsonSchema }> =>
  Object.fromEntries(mediaTypes.map((mediaType) => [mediaType, { schema: { type: 'string', contentMediaType: mediaType } }]));

function operationOf(service: string, contract: RouteContract, schemas: SchemaComponents): OpenApiOperation {
  const name = pascalCase(contract.operationId);
  const parameters = [...parametersOf(contract.params, 'path'), ...parametersOf(contract.query, 'query'), ...(contract.idempotent === true ? [IDEMPOTENCY_KEY_PARAMETER] : [])];
  const roles = contract.roles.map((role) => `${ROLE_LABELS[role]}（${DATA_SCOPE_LABELS[contract.access[role] ?? 'any']}）`).join('、');
  return {
    operationId: contract.operationId,
    summary: contract.summary,
    description: contract.public === true ? '公开接口，无需登录。' : `允许的角色：${roles}。`,
    tags: [...contract.tags],
    'x-roles': [...contract.roles],
    'x-access': { ...contract.access },
    'x-service': service,
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(contract.body === undefined
      ? {}
      : { requestBody: { required: true, content: { 'application/json': { schema: schemas.request(contract.body, `${name}Request`) } } } }),
    ...(contract.upload === undefined ? {} : { requestBody: { required: true, description: contract.upload.description, content: fileContent(contract.upload.mediaTypes) } }),
    responses: {
      [String(contract.response.status)]:
        contract.download === undefined
          ? { description: '成功', content: { 'application/json': { schema: schemas.response(contract.response.schema, `${name}Response`) } } }
          : { description: contract.download.description, content: fileContent(contract.download.mediaTypes) },
      ...errorResponses(contract),
      // API Gateway's JWT authorizer answers before the function runs, in its own shape; public routes have none.
      ...(contract.public === true
        ? {}
        : {
            '401': {
              description: '未提供有效的令牌（由 API 网关直接返回）',
              content: { 'application/json': { schema: { type: 'object', properties: { message: { type: 'string' } }, required: ['message'] } } },
            },
          }),
      '500': problemResponseOf(500, [PRESET_ERRORS.INTERNAL_ERROR], '服务器内部错误（不含内部细节；请提供 correlationId 联系管理员）：'),
    },
    // An empty list overrides any document-level requirement: no token for public routes.
    security: contract.public === true ? [] : [{ [SECURITY_SCHEME]: [] }],
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
