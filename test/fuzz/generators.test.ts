import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { applyMutation, fromSchema, type JsonSchema } from './generators';

/** The route fuzz test's generators, without the runtime: what they make is what the fuzz report claims. */
describe('route fuzz generators', () => {
  const contract = z.object({
    name: z.string().min(2).max(20),
    code: z.string().regex(/^\d{6}$/),
    kind: z.enum(['A', 'B']),
    hours: z.number().positive().max(12).multipleOf(0.5),
    count: z.int().min(1).max(5),
    day: z.iso.date(),
    tags: z.array(z.string().max(5)).max(3),
    nested: z.object({ flag: z.boolean(), note: z.string().max(10).optional() }),
  });

  it('values made from a contract’s JSON Schema pass the contract', () => {
    const schema = z.toJSONSchema(contract, { io: 'input' }) as JsonSchema;
    for (const value of fc.sample(fromSchema(schema), { numRuns: 200, seed: 1 })) expect(contract.safeParse(value).success, JSON.stringify(value)).toBe(true);
  });

  it('a mutation reaches nested places and leaves the original untouched', () => {
    const original = { a: { b: [1, 2, 3] }, c: 'x' };
    const copy = structuredClone(original);
    // `at` [0, 0, 1]: into `a`, into `b`, its second item.
    expect(applyMutation(original, { kind: 'replace', at: [0, 0, 1], value: 'boom' })).toEqual({ a: { b: [1, 'boom', 3] }, c: 'x' });
    expect(applyMutation(original, { kind: 'drop', at: [1] })).toEqual({ a: { b: [1, 2, 3] } });
    expect(applyMutation(original, { kind: 'add-key', at: [0], key: '__proto__', value: 1 })).toEqual(JSON.parse('{"a":{"b":[1,2,3],"__proto__":1},"c":"x"}'));
    // One more than the number of children stops at the node itself: here the root is replaced.
    expect(applyMutation(original, { kind: 'replace', at: [2], value: null })).toBeNull();
    expect(original).toEqual(copy);
  });
});
