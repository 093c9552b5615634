import { defineService } from '@peixun/shared';
import { describe, expect, it } from 'vitest';
import { serviceManifests } from '../../services/manifests';

/**
 * The access lists in the manifests against what the routes imply: these are the grants the
 * handlers' shared plumbing needs whatever the use case does (the rest is proved by running the
 * end-to-end tests against the local runtime, which enforces each list).
 */
describe('per-function access lists', () => {
  const routes = serviceManifests.flatMap((manifest) => manifest.routes.map((route) => ({ manifest, route, access: manifest.functions[route.function]?.access })));

  it('idempotent routes may write their table and read the PII key: the kept answers live sealed in the table', () => {
    for (const { manifest, route, access } of routes.filter(({ route }) => route.contract.idempotent === true)) {
      expect(access, `${manifest.name}.${route.function}`).toMatchObject({ table: 'readwrite', piiKey: true });
    }
  });

  it('only the outbox relays put events on the bus: services publish through their outbox', () => {
    for (const manifest of serviceManifests) {
      for (const [name, spec] of Object.entries(manifest.functions)) {
        expect(spec.access.events === true, `${manifest.name}.${name}`).toBe(manifest.resources.table?.outbox?.function === name);
      }
    }
  });

  it('a function without an access list, or asking for a resource its service lacks, is refused when the manifest is defined', () => {
    const base = { name: 'probe', routes: [], subscriptions: [], resources: { publishesEvents: false } } as const;
    // A manifest written without the type checker (JavaScript, a cast) must still not slip through.
    const withoutList = { entry: '/x.ts', description: 'x' } as unknown as { entry: string; description: string; access: object };
    expect(() => defineService({ ...base, functions: { x: withoutList } })).toThrow(/declares no access list/);
    expect(() => defineService({ ...base, functions: { x: { entry: '/x.ts', description: 'x', access: { table: 'read' } } } })).toThrow(/asks for table/);
    expect(() => defineService({ ...base, functions: { x: { entry: '/x.ts', description: 'x', access: {} } } })).not.toThrow();
  });
});
