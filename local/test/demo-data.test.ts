import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { claimsManifest } from '@peixun/claims/manifest';
import { enrollmentManifest } from '@peixun/enrollment/manifest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useLocalRuntime } from '../../test/support/runtime';
import { seedDemoData } from '../src/demo-data';

/** `npm start`'s demo records: written through the API once, then skipped on later starts. */
const runtime = useLocalRuntime({ manifests: [enrollmentManifest, claimsManifest] });
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

  it('leaves a completed class with attendance and certificates: the school and 张三 can file both kinds of claim at once', async () => {
    await runtime().bus.settled();
    const training = await runtime().request('POST', '/classes/cls_demo_claims/training-claims', { as: 'school1' });
    expect(training.status, JSON.stringify(training.body)).toBe(201);
    expect((training.body as { lines: Array<{ status: string }> }).lines.map((line) => line.status)).toEqual(['IN_REVIEW', 'IN_REVIEW', 'IN_REVIEW']);
    const direct = await runtime().request('POST', '/direct-claims', {
      as: 'trainee1',
      body: { certificateNumber: 'S520102202600094000001', idNumber: '520102199001010018', insuredEmployee: false },
    });
    expect(direct.status, JSON.stringify(direct.body)).toBe(201);
  });

  it('counts records already there as seeded when the marker was lost', async () => {
    const marker = join(dir, 'lost-marker');
    expect(await seedDemoData(runtime(), marker)).toBe('seeded');
    expect(existsSync(marker)).toBe(true);
  });
});
