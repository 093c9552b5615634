import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { enrollmentManifest } from '@peixun/enrollment/manifest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useLocalRuntime } from '../../test/support/runtime';
import { seedDemoData } from '../src/demo-data';

/** `npm start`'s demo records: written through the API once, then skipped on later starts. */
const runtime = useLocalRuntime({ manifests: [enrollmentManifest] });
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'peixun-demo-data-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('demo data', () => {
  it('registers the demo institutions and teacher through the API, then marks the data directory', async () => {
    const marker = join(dir, 'demo-seeded');
    expect(await seedDemoData(runtime(), marker)).toBe('seeded');
    expect(existsSync(marker)).toBe(true);
    const institution = await runtime().request('GET', '/institutions/ins_demo', { as: 'admin' });
    expect(institution.status).toBe(200);
    expect(await seedDemoData(runtime(), marker)).toBe('already-seeded');
  });

  it('counts records already there as seeded when the marker was lost', async () => {
    const marker = join(dir, 'lost-marker');
    expect(await seedDemoData(runtime(), marker)).toBe('seeded');
    expect(existsSync(marker)).toBe(true);
  });
});
