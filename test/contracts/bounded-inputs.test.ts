import type { RouteContract } from '@peixun/shared';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { serviceManifests } from '../../services/manifests';

/**
 * Every input a route takes is bounded, so that what passes validation also fits DynamoDB (an item
 * of 400 KB, a key of 2,048 bytes) and stays exact in JavaScript: each string has a maximum length,
 * a pattern or a fixed set of values, each array a maximum number of items, each number a maximum.
 * Read from the contracts' JSON Schema (what /openapi.json publishes), so a new field without a
 * bound fails here before fuzzing finds it.
 */
type JsonSchema = Record<string, unknown>;

/**
 * Where a contract deliberately lets unknown fields through: the admin's reference documents, whose
 * envelope is checked here and whose full schema is the enrollment service's (reference/).
 */
const OPEN_OBJECTS = new Set(['PUT /reference/occupations body', 'PUT /reference/occupations body.occupations[]', 'PUT /reference/divisions body', 'PUT /reference/divisions body.divisions[]']);

const isFixed = (node: JsonSchema) => node.const !== undefined || node.enum !== undefined;

/** The unbounded places in one JSON Schema, by path. */
export function unboundedIn(root: JsonSchema, at: string): string[] {
  const found: string[] = [];
  const definitions = (root.$defs ?? {}) as Record<string, JsonSchema>;
  const visited = new Set<string>();
  const walk = (node: unknown, path: string): void => {
    if (node === null || typeof node !== 'object') return;
    const schema = node as JsonSchema;
    if (typeof schema.$ref === 'string') {
      const name = schema.$ref.replace('#/$defs/', '');
      if (visited.has(name)) return;
      visited.add(name);
      walk(definitions[name], path);
      return;
    }
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!isFixed(schema)) {
      if (types.includes('string') && schema.maxLength === undefined && schema.pattern === undefined) found.push(`${path}: string without maxLength or pattern`);
      if (types.includes('array') && schema.maxItems === undefined) found.push(`${path}: array without maxItems`);
      if ((types.includes('number') || types.includes('integer')) && schema.maximum === undefined && schema.exclusiveMaximum === undefined) {
        found.push(`${path}: number without maximum`);
      }
    }
    if (typeof schema.additionalProperties === 'object' && !OPEN_OBJECTS.has(path)) found.push(`${path}: object open to any property`);
    for (const [name, child] of Object.entries((schema.properties ?? {}) as Record<string, unknown>)) walk(child, `${path}.${name}`);
    walk(schema.items, `${path}[]`);
    if (typeof schema.additionalProperties === 'object') walk(schema.additionalProperties, `${path}{}`);
    for (const combinator of ['anyOf', 'oneOf', 'allOf', 'prefixItems']) {
      const branches = schema[combinator];
      if (Array.isArray(branches)) branches.forEach((branch) => walk(branch, path));
    }
  };
  walk(root, at);
  return found;
}

function routeInputs(): Array<{ route: string; part: string; schema: z.ZodType }> {
  const inputs = new Map<string, { route: string; part: string; schema: z.ZodType }>();
  for (const manifest of serviceManifests) {
    for (const { contract } of manifest.routes as ReadonlyArray<{ contract: RouteContract }>) {
      for (const part of ['body', 'query', 'params'] as const) {
        const schema = contract[part];
        if (schema !== undefined) inputs.set(`${contract.method} ${contract.path} ${part}`, { route: `${contract.method} ${contract.path}`, part, schema });
      }
    }
  }
  return [...inputs.values()];
}

describe('every route input is bounded (issue 13)', () => {
  it('walks every body, query and path schema: no string, array or number without an upper bound', () => {
    const inputs = routeInputs();
    expect(inputs.length).toBeGreaterThan(50);
    const unbounded = inputs.flatMap(({ route, part, schema }) =>
      unboundedIn(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema, `${route} ${part}`),
    );
    expect(unbounded).toEqual([]);
  });

  it('the walker finds what it is meant to find', () => {
    const schema = z.object({
      name: z.string(),
      tags: z.array(z.string().max(10)),
      area: z.number().positive(),
      safe: z.number().int(),
      fixed: z.literal(1),
      kind: z.enum(['A', 'B']),
      code: z.string().regex(/^\d{6}$/),
      open: z.record(z.string().max(5), z.string().max(5)),
    });
    expect(unboundedIn(z.toJSONSchema(schema, { io: 'input' }) as JsonSchema, 'probe')).toEqual([
      'probe.name: string without maxLength or pattern',
      'probe.tags: array without maxItems',
      'probe.area: number without maximum',
      'probe.open: object open to any property',
    ]);
  });
});
